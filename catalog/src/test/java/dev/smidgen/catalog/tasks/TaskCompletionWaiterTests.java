package dev.smidgen.catalog.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.notify.DatabaseNotifications;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TaskCompletionWaiterTests {
    /** Notifications without a database: the test plays the listener. */
    static final class FakeNotifications extends DatabaseNotifications {
        final CompletableFuture<Consumer<String>> handler = new CompletableFuture<>();

        @Override
        public void subscribe(String channel, Consumer<String> handler) {
            assertEquals("smidgen_task_finished", channel);
            this.handler.complete(handler);
        }

        void send(String payload) throws Exception {
            handler.get(5, TimeUnit.SECONDS).accept(payload);
        }
    }

    private final FakeNotifications notifications = new FakeNotifications();
    private final TaskCompletionWaiter waiter = new TaskCompletionWaiter();

    TaskCompletionWaiterTests() {
        waiter.notifications = notifications;
    }

    @Test
    void aWakeUpOnlyMeansReadTheRowAgain() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        CompletableFuture<Boolean> result =
                CompletableFuture.supplyAsync(() -> waiter.await("task_a", Duration.ofSeconds(20), () -> {
                    reads.incrementAndGet();
                    return finished.get();
                }));
        awaitReads(reads, 1);

        // A reconnect (null) and another task's notification wake waits, but this task has not finished.
        notifications.send(null);
        awaitReads(reads, 2);
        notifications.send("task_b");
        Thread.sleep(200);
        assertFalse(result.isDone(), "still waiting: the row says the task is not finished");
        assertEquals(2, reads.get(), "another task's notification does not make this wait read its row");

        finished.set(true);
        notifications.send("task_a");
        assertTrue(result.get(5, TimeUnit.SECONDS));
        assertEquals(3, reads.get());
    }

    @Test
    void givesUpWhenTheTimeoutPasses() {
        assertFalse(waiter.await("task_c", Duration.ofMillis(300), () -> false));
    }

    @Test
    void aTaskFinishedBeforeTheWaitNeedsNoNotification() {
        assertTrue(waiter.await("task_d", Duration.ofSeconds(20), () -> true));
    }

    private static void awaitReads(AtomicInteger reads, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reads.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(reads.get() >= atLeast, "the row was read " + reads.get() + " times, expected " + atLeast);
    }
}
