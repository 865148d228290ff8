package dev.smidgen.catalog.tasks;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
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
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Lets a request wait for a task to finish without polling: one connection LISTENs on the
 * {@code smidgen_task_finished} channel (fed by a trigger on the tasks table) and wakes waiters.
 * Waiters also re-check the row now and then, so a notification lost during a reconnect only
 * delays an answer, never loses it. The listening connection is opened by the first wait, so a
 * service that shares this module but never waits (a worker) holds no connection for it.
 */
@ApplicationScoped
public class TaskCompletionWaiter {
    private static final Logger LOG = Logger.getLogger(TaskCompletionWaiter.class);
    private static final String CHANNEL = "smidgen_task_finished";
    private static final Duration RECHECK = Duration.ofSeconds(5);

    @Inject
    AgroalDataSource dataSource;

    private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Thread listener;

    private synchronized void startListening() {
        if (listener == null && running) {
            listener = new Thread(this::listen, "task-finished-listener");
            listener.setDaemon(true);
            listener.start();
        }
    }

    synchronized void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    /**
     * Waits until the task finishes or the timeout passes; {@code finishedNow} reads the row.
     * Returns whether the task finished.
     */
    public boolean await(String taskId, Duration timeout, BooleanSupplier finishedNow) {
        startListening();
        CompletableFuture<Void> signal = new CompletableFuture<>();
        waiters.computeIfAbsent(taskId, k -> new CopyOnWriteArraySet<>()).add(signal);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (finishedNow.getAsBoolean()) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    signal.get(Math.min(left, RECHECK.toNanos()), TimeUnit.NANOSECONDS);
                    return true;
                } catch (TimeoutException e) {
                    // fall through to re-read the row
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }
        } finally {
            waiters.computeIfPresent(taskId, (k, set) -> {
                set.remove(signal);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            wake(n.getParameter());
                        }
                    }
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("Task notification listener lost its connection (%s); reconnecting", e.getMessage());
                    sleepQuietly();
                }
            }
        }
    }

    private void wake(String taskId) {
        Set<CompletableFuture<Void>> set = waiters.get(taskId);
        if (set != null) {
            set.forEach(f -> f.complete(null));
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
