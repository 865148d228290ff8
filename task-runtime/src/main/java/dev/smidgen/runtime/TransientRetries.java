package dev.smidgen.runtime;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.SmidgenException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries a step of a claimed task in place while it fails transiently (network, storage), with a
 * backoff that doubles, each retry counted as an attempt of the task; a permanent failure, or the
 * last allowed attempt, is thrown.
 */
public final class TransientRetries {
    private static final Logger LOG = Logger.getLogger(TransientRetries.class);
    private final TaskLeases leases;
    private final int maxAttempts;
    private final Duration backoff;

    public TransientRetries(TaskLeases leases, int maxAttempts, Duration backoff) {
        this.leases = leases;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    /** Runs {@code step} for {@code task} (owned by {@code owner}), retrying transient failures. */
    public <T> T run(TaskEntity task, String owner, Supplier<T> step) {
        return run(task, owner, step, e -> true);
    }

    /**
     * Runs {@code step}, retrying only the transient failures {@code retryable} accepts: a step may fail
     * transiently in ways worth retrying (the storage it reads) and ways that are not (an FFmpeg run past
     * its time limit would only time out again).
     */
    public <T> T run(TaskEntity task, String owner, Supplier<T> step, Predicate<SmidgenException> retryable) {
        int attempt = task.attempts;
        while (true) {
            try {
                return step.get();
            } catch (SmidgenException e) {
                if (!e.isTransient() || !retryable.test(e) || attempt >= maxAttempts) {
                    throw e;
                }
                long wait = backoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 10);
                LOG.infof("%s: attempt %d failed (%s); retrying in %d ms", task.id, attempt, e.getMessage(), wait);
                sleep(wait);
                leases.countRetry(task.id, owner);
                attempt++;
                task.attempts = attempt; // a later step of this run goes on counting (and backing off) from here
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskAbandoned(); // shutting down: the task was given back
        }
    }
}
