package dev.smidgen.api.outbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, oldest first, and deletes them once Kafka acknowledged them.
 * Rows are locked with {@code SKIP LOCKED}, so several api replicas relay side by side; a crash
 * between send and delete re-sends, which consumers tolerate (the task row is the truth).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    @Inject
    EntityManager em;
    @Inject
    TaskProducer producer;

    @Scheduled(every = "${smidgen.outbox.poll-interval:0.2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void relay() throws Exception {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "SELECT id, topic, msg_key, payload FROM outbox ORDER BY id LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED")
                .getResultList();
        if (rows.isEmpty()) {
            return;
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
    }
}
