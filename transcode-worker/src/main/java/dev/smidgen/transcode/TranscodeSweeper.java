package dev.smidgen.transcode;

import dev.smidgen.runtime.DeferredDeletions;
import dev.smidgen.runtime.TaskLeases;
import dev.smidgen.runtime.TaskWorkDir;
import dev.smidgen.runtime.WorkDirSweeper;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs conversion tasks nobody is working on (a worker died holding the lease, or the announcement was
 * lost), and removes the work directories such dead workers left on this host.
 */
@ApplicationScoped
public class TranscodeSweeper {
    private static final Logger LOG = Logger.getLogger(TranscodeSweeper.class);

    @Inject
    TranscodeProcessor processor;

    @Inject
    TranscodeConfig config;

    @Inject
    TaskLeases leases;

    @Inject
    DeferredDeletions deletions;

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
        deletions.retry(); // outputs failed tasks could not delete while storage refused
    }

    /**
     * Once at start: a worker restarted after SIGKILL finds its predecessor's directories. Not left to
     * the scheduler's first run, which fires before the application counts as running on a slow start
     * and is then skipped for a whole interval.
     */
    void sweepWorkDirsAtStart(@Observes StartupEvent started) {
        try {
            workDirs.sweep();
        } catch (RuntimeException e) {
            // The lease lookup failed (the database is not up yet): the periodic sweep tries again.
            LOG.warnf("Could not sweep abandoned work dirs at start: %s", e.getMessage());
        }
    }

    /** Periodically: directories of tasks whose worker died while this one was running. */
    @Scheduled(
            every = "${smidgen.transcode.work-dir-sweep-interval}",
            delayed = "${smidgen.transcode.work-dir-sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweepWorkDirs() {
        workDirs.sweep();
    }
}
