package dev.smidgen.catalog.tasks;

import dev.smidgen.catalog.notify.DatabaseNotifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Lets a request wait for a task to finish without polling: the {@code smidgen_task_finished}
 * channel (fed by a trigger on the tasks table) wakes its waiters. Waiters also re-check the row
 * now and then, and all of them at once after the listener reconnects, so a lost notification only
 * delays an answer, never loses it. The channel is subscribed to by the first wait, so a service
 * that shares this module but never waits (a worker) listens to nothing.
 */
@ApplicationScoped
public class TaskCompletionWaiter {
    private static final String CHANNEL = "smidgen_task_finished";
    private static final Duration RECHECK = Duration.ofSeconds(5);

    @Inject
    DatabaseNotifications notifications;

    private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    private volatile boolean subscribed;

    private synchronized void subscribe() {
        if (!subscribed) {
            notifications.subscribe(CHANNEL, this::wake);
            subscribed = true;
        }
    }

    /**
     * Waits until the task finishes or the timeout passes; {@code finishedNow} reads the row.
     * Returns whether the task finished.
     */
    public boolean await(String taskId, Duration timeout, BooleanSupplier finishedNow) {
        if (!subscribed) {
            subscribe();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // Registered before the row is read, so a finish committed in between still wakes this wait.
            CompletableFuture<Void> signal = new CompletableFuture<>();
            waiters.computeIfAbsent(taskId, k -> new CopyOnWriteArraySet<>()).add(signal);
            try {
                if (finishedNow.getAsBoolean()) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Woken or not, the row says whether the task finished: a wake-up only means "read it again".
                signal.get(Math.min(left, RECHECK.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // re-read the row
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } finally {
                waiters.computeIfPresent(taskId, (k, set) -> {
                    set.remove(signal);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }

    /** Wakes the waiters of a finished task; all of them when the payload is null (a reconnect: re-read every row). */
    private void wake(String taskId) {
        if (taskId == null) {
            waiters.values().forEach(set -> set.forEach(f -> f.complete(null)));
            return;
        }
        Set<CompletableFuture<Void>> set = waiters.get(taskId);
        if (set != null) {
            set.forEach(f -> f.complete(null));
        }
    }
}
