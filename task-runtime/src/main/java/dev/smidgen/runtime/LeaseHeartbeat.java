package dev.smidgen.runtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Renews a task's lease every third of its length while the work runs. */
public final class LeaseHeartbeat implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaseHeartbeat.class);
    private final ScheduledExecutorService timer;
    private volatile boolean lost;

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
                            lost = true;
                            LOG.warnf("%s: lease lost; another worker owns the task now", taskId);
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

    /** Whether the lease was taken by someone else; the work must then stop without writing. */
    public boolean lost() {
        return lost;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
