package dev.smidgen.transcode;

import dev.smidgen.runtime.TaskLeases;
import dev.smidgen.runtime.TaskWorkDir;
import dev.smidgen.runtime.WorkDirSweeper;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs conversion tasks nobody is working on (a worker died holding the lease, or the announcement was
 * lost), and removes the work directories such dead workers left on this host.
 */
@ApplicationScoped
public class TranscodeSweeper {
    @Inject
    TranscodeProcessor processor;

    @Inject
    TranscodeConfig config;

    @Inject
    TaskLeases leases;

    private WorkDirSweeper workDirs;

    @PostConstruct
    void init() {
        workDirs = new WorkDirSweeper(TaskWorkDir.root(config.workDir()), leases::leased);
    }

    @Scheduled(
            every = "${smidgen.transcode.sweep-interval}",
            delayed = "${smidgen.transcode.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        processor.sweepOrphans();
    }

    /** At start (a worker restarted after SIGKILL finds its predecessor's directories) and then periodically. */
    @Scheduled(
            every = "${smidgen.transcode.work-dir-sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweepWorkDirs() {
        workDirs.sweep();
    }
}
