package dev.smidgen.catalog.tasks;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Waits for a task a request created (a synchronous ingest, an upload's completion) and says what
 * became of it. The row is read in a transaction of its own each time, so the wait sees the worker's
 * commit and not the snapshot of the request's transaction.
 */
@ApplicationScoped
public class TaskAwait {
    private static final Logger LOG = Logger.getLogger(TaskAwait.class);

    @Inject
    TaskCompletionWaiter waiter;

    @Inject
    TaskRepository tasks;

    /** Waits up to {@code timeout} for task {@code taskId} to finish; the outcome is what its row says then. */
    public TaskOutcome await(String taskId, Duration timeout) {
        waiter.await(taskId, timeout, () -> {
            TaskEntity row = read(taskId);
            return row != null && row.status.isFinal();
        });
        TaskEntity task = read(taskId);
        switch (task.status) {
            case COMPLETED -> {
                logWakeUp(task);
                return new TaskOutcome.Completed(task);
            }
            case FAILED -> {
                logWakeUp(task);
                return new TaskOutcome.Failed(task);
            }
            default -> {
                LOG.infof("%s: still %s after %s; answering 202", task.id, task.status.wire(), timeout);
                return new TaskOutcome.StillRunning(task);
            }
        }
    }

    private TaskEntity read(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> tasks.findById(taskId));
    }

    private static void logWakeUp(TaskEntity task) {
        if (LOG.isDebugEnabled() && task.finished != null) {
            // How long the wake-up took: the commit's notification, this thread's turn, the row read back.
            LOG.debugf(
                    "%s: %s; answering %d ms after it finished",
                    task.id,
                    task.status.wire(),
                    Duration.between(task.finished, Instant.now()).toMillis());
        }
    }
}
