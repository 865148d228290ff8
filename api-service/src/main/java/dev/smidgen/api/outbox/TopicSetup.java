package dev.smidgen.api.outbox;

import dev.smidgen.model.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the task topics at start-up, before any worker subscribes, with the partition count
 * that bounds how many workers of a kind can share the load. Existing topics are left as they are.
 */
public class TopicSetup {
    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    /** Topic layout settings. */
    @ConfigMapping(prefix = "smidgen.kafka")
    public interface TopicConfig {
        /** Partitions per task topic: the upper bound of parallel workers of one kind. */
        @WithDefault("8")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    @Inject
    TopicConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = List.of(Topics.INGEST, Topics.TRANSCODE, Topics.TRANSCODE_DLQ).stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, config.partitions(), config.replicationFactor()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.infof(
                        "Created topics %s with %d partitions",
                        missing.stream().map(NewTopic::name).toList(), config.partitions());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "Cannot create Kafka topics: " + e.getCause().getMessage(), e);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 30 s at " + bootstrapServers, e);
        }
    }
}
