package dev.smidgen.transcode;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Runs conversion tasks nobody is working on (a worker died holding the lease, or the announcement was lost). */
@ApplicationScoped
public class TranscodeSweeper {
    @Inject
    TranscodeProcessor processor;

    @Scheduled(
            every = "${smidgen.transcode.sweep-interval}",
            delayed = "${smidgen.transcode.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        processor.sweepOrphans();
    }
}
