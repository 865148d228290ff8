package dev.smidgen.api.outbox;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Kafka producer of the outbox relay: idempotent, acks from all replicas. */
@ApplicationScoped
public class TaskProducer {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProducer<String, String> producer;

    synchronized KafkaProducer<String, String> get() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
