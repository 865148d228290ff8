package dev.smidgen.runtime;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Renews a task's lease every third of its length while the work runs. */
public final class LeaseHeartbeat implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaseHeartbeat.class);
    private final ScheduledExecutorService timer;
    private volatile boolean lost;
    private volatile boolean cancelled;

    public LeaseHeartbeat(TaskLeases leases, String taskId, String owner, Duration lease) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + taskId);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(200, lease.toMillis() / 3);
        timer.scheduleAtFixedRate(
                () -> {
                    try {
                        if (!leases.heartbeat(taskId, owner, lease)) {
                            // A cancel whose notification was missed: the run must clean up, not leave its
                            // objects to a next worker that will never come.
                            if (leases.cancelled(Set.of(taskId)).isEmpty()) {
                                lost = true;
                                LOG.warnf("%s: lease lost; another worker owns the task now", taskId);
                            } else {
                                cancelled = true;
                                LOG.infof("%s: cancelled (seen by the heartbeat)", taskId);
                            }
                            timer.shutdown();
                        }
                    } catch (RuntimeException e) {
                        LOG.warnf("%s: heartbeat failed (%s); will retry", taskId, e.getMessage());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Whether the lease was taken by someone else or the task was cancelled; the work must then stop
     * without writing.
     */
    public boolean lost() {
        return lost || cancelled;
    }

    /**
     * Whether the task was cancelled while it ran: the work stops and, unlike a lost lease, removes
     * what it stored, since no other worker will write it again.
     */
    public boolean cancelled() {
        return cancelled;
    }

    /** Marks the task cancelled; its runner interrupts the work right after. */
    void cancel() {
        cancelled = true;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
