package dev.smidgen.api.http.idempotency;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Deletes idempotency keys older than 24 hours. Expired keys are already ignored when claimed;
 * this only keeps the table small. Several api replicas may run it at once: it is a plain DELETE.
 */
@ApplicationScoped
public class IdempotencyPurge {
    private static final Logger LOG = Logger.getLogger(IdempotencyPurge.class);

    @Inject
    IdempotencyStore store;

    @Scheduled(
            every = "1h",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void purge() {
        int purged = store.purgeExpired();
        if (purged > 0) {
            LOG.infof("Purged %d expired idempotency keys", purged);
        }
    }
}
