package dev.smidgen.ingest;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Finds ingest tasks nobody is working on (a worker died holding the lease, or the announcement
 * was lost) and runs them here. This is what makes the Kafka message only a hint.
 */
@ApplicationScoped
public class OrphanSweeper {
    @Inject
    IngestProcessor processor;

    @Scheduled(
            every = "${smidgen.ingest.sweep-interval}",
            delayed = "${smidgen.ingest.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        processor.sweepOrphans();
    }
}
