package dev.smidgen.api.outbox;

import dev.smidgen.catalog.notify.DatabaseNotifications;
import io.opentelemetry.api.trace.Span;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, oldest first, and deletes them once Kafka acknowledged them.
 * Rows are locked with {@code SKIP LOCKED}, so several api replicas relay side by side; a crash
 * between send and delete re-sends, which consumers tolerate (the task row is the truth).
 * A dedicated thread relays as soon as a commit adds rows (the {@code smidgen_outbox} notification,
 * from a trigger, so rows any service writes count), and looks every poll interval anyway in case a
 * notification was lost: a task reaches its worker within milliseconds of its commit.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final String CHANNEL = "smidgen_outbox";

    @Inject
    EntityManager em;

    @Inject
    TaskProducer producer;

    @Inject
    OutboxRelay self;

    @Inject
    DatabaseNotifications notifications;

    @ConfigProperty(name = "smidgen.outbox.poll-interval", defaultValue = "1s")
    Duration pollInterval;

    /** A permit means new rows may be waiting; notifications arriving during a relay fold into one. */
    private final Semaphore wake = new Semaphore(0);

    private volatile boolean running = true;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        notifications.subscribe(CHANNEL, payload -> wake.release());
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
                    wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
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
                        "SELECT id, topic, msg_key, payload, trace_parent FROM outbox ORDER BY id LIMIT " + BATCH
                                + " FOR UPDATE SKIP LOCKED")
                .getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
        List<Span> spans = new ArrayList<>(rows.size());
        List<Long> ids = new ArrayList<>(rows.size());
        try {
            for (Object[] row : rows) {
                ids.add(((Number) row[0]).longValue());
                ProducerRecord<String, String> record =
                        new ProducerRecord<>((String) row[1], (String) row[2], (String) row[3]);
                spans.add(RelayTracing.publish(record, (String) row[4]));
                sends.add(producer.get().send(record));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            spans.forEach(span -> RelayTracing.failed(span, e));
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
        em.createNativeQuery("DELETE FROM outbox WHERE id = ANY (?1)")
                .setParameter(1, ids.toArray(Long[]::new))
                .executeUpdate();
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
