package dev.smidgen.ingest;

import dev.smidgen.runtime.DeferredDeletions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Finds ingest tasks nobody is working on (a worker died holding the lease, or the announcement
 * was lost) and runs them here. This is what makes the Kafka message only a hint. Also retries the
 * deletes of objects that failed tasks could not remove while storage refused.
 */
@ApplicationScoped
public class OrphanSweeper {
    @Inject
    IngestProcessor processor;

    @Inject
    DeferredDeletions deletions;

    @Scheduled(
            every = "${smidgen.ingest.sweep-interval}",
            delayed = "${smidgen.ingest.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        processor.sweepOrphans();
        deletions.retry();
    }
}
