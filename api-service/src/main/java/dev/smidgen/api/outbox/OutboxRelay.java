package dev.smidgen.api.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, oldest first, and deletes them once Kafka acknowledged them.
 * Rows are locked with {@code SKIP LOCKED}, so several api replicas relay side by side; a crash
 * between send and delete re-sends, which consumers tolerate (the task row is the truth).
 * A dedicated thread polls because the scheduler cannot run jobs more often than once a second,
 * and a sync ingest should not wait that long to reach a worker.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    @Inject
    EntityManager em;
    @Inject
    TaskProducer producer;
    @Inject
    OutboxRelay self;
    @ConfigProperty(name = "smidgen.outbox.poll-interval", defaultValue = "100ms")
    Duration pollInterval;

    private volatile boolean running = true;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5000);
        }
    }

    private void loop() {
        while (running) {
            try {
                if (self.relayBatch() < BATCH) {
                    Thread.sleep(pollInterval.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("Outbox relay failed (%s); retrying", e.getMessage());
                    sleepQuietly(1000);
                }
            }
        }
    }

    /** Relays one batch in one transaction; returns how many rows it sent. */
    @Transactional
    int relayBatch() throws Exception {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "SELECT id, topic, msg_key, payload FROM outbox ORDER BY id LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED")
                .getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
        List<Long> ids = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            ids.add(((Number) row[0]).longValue());
            sends.add(producer.get().send(new ProducerRecord<>((String) row[1], (String) row[2], (String) row[3])));
        }
        for (Future<RecordMetadata> send : sends) {
            send.get(30, TimeUnit.SECONDS);
        }
        em.createNativeQuery("DELETE FROM outbox WHERE id = ANY (?1)").setParameter(1, ids.toArray(Long[]::new)).executeUpdate();
        LOG.debugf("Relayed %d outbox messages", ids.size());
        return ids.size();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
