package dev.smidgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.notify.DatabaseNotifications;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ClaimedTaskRunnerTests {
    /** Leases that grant every claim: what a worker meets once a stalled run has let its own lease lapse. */
    static final class LapsedLeases extends TaskLeases {
        final AtomicInteger claims = new AtomicInteger();

        @Override
        public boolean claim(String taskId, String owner, Duration lease) {
            claims.incrementAndGet();
            return true;
        }

        @Override
        public boolean heartbeat(String taskId, String owner, Duration lease) {
            return true;
        }

        @Override
        public boolean release(String taskId, String owner) {
            return true;
        }

        /** The rows a cancel has set; the trigger's notification names every finished task, these among them. */
        final Set<String> cancelledRows = new java.util.concurrent.CopyOnWriteArraySet<>();

        @Override
        public Set<String> cancelled(Collection<String> taskIds) {
            return taskIds.stream().filter(cancelledRows::contains).collect(java.util.stream.Collectors.toSet());
        }
    }

    /** The tasks trigger's channel, sent to by the test. */
    static final class Channel extends DatabaseNotifications {
        volatile Consumer<String> handler;

        @Override
        public void subscribe(String channel, Consumer<String> handler) {
            assertEquals("smidgen_task_finished", channel);
            this.handler = handler;
        }
    }

    /** Runs a task until told to finish. */
    static final class HeldRunner extends ClaimedTaskRunner {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
        final Channel channel = new Channel();
        volatile boolean interrupted;
        volatile boolean sawCancel;

        HeldRunner(TaskLeases leases) {
            this.leases = leases;
            this.identity = new WorkerIdentity("test-worker");
            this.notifications = channel;
        }

        @Override
        protected Collection<TaskKind> kinds() {
            return List.of(TaskKind.INGEST);
        }

        @Override
        protected Duration lease() {
            return Duration.ofSeconds(30);
        }

        @Override
        protected int maxAttempts() {
            return 3;
        }

        @Override
        protected TaskEntity load(String taskId) {
            TaskEntity task = new TaskEntity();
            task.id = taskId;
            task.kind = TaskKind.INGEST;
            task.attempts = 1;
            return task;
        }

        @Override
        protected void run(TaskEntity task, LeaseHeartbeat heartbeat) {
            runs.incrementAndGet();
            started.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                sawCancel = heartbeat.cancelled() && heartbeat.lost();
                Thread.currentThread().interrupt();
            }
        }

        @Override
        protected void giveUp(TaskEntity task, SmidgenException error) {}
    }

    @Test
    void aTaskAlreadyRunningHereIsNeitherClaimedNorRunAgain() throws Exception {
        LapsedLeases leases = new LapsedLeases();
        HeldRunner runner = new HeldRunner(leases);
        CompletableFuture<ClaimedTaskRunner.Outcome> first =
                CompletableFuture.supplyAsync(() -> runner.handle("task_a"));
        assertTrue(runner.started.await(5, TimeUnit.SECONDS));

        // Its Kafka message and the orphan sweep offer the same task again while it runs.
        assertEquals(ClaimedTaskRunner.Outcome.SKIPPED, runner.handle("task_a"));
        assertEquals(1, leases.claims.get(), "not even claimed a second time");

        runner.finish.countDown();
        assertEquals(ClaimedTaskRunner.Outcome.RAN, first.get(5, TimeUnit.SECONDS));
        assertEquals(1, runner.runs.get());
        // Once it has ended, the task may be offered and run again (a retry after a failure, say).
        assertEquals(ClaimedTaskRunner.Outcome.RAN, runner.handle("task_a"));
        assertEquals(2, runner.runs.get());
    }

    @Test
    void aCancelledTaskIsInterruptedAtOnceAndItsThreadIsClearedAfter() throws Exception {
        LapsedLeases leases = new LapsedLeases();
        HeldRunner runner = new HeldRunner(leases);
        CompletableFuture<Boolean> interruptedAfter = CompletableFuture.supplyAsync(() -> {
            runner.handle("task_c");
            return Thread.currentThread().isInterrupted();
        });
        assertTrue(runner.started.await(5, TimeUnit.SECONDS));

        leases.cancelledRows.add("task_c");
        long sent = System.nanoTime();
        runner.channel.handler.accept("task_c");

        assertFalse(interruptedAfter.get(5, TimeUnit.SECONDS), "the next task on the thread starts uninterrupted");
        assertTrue(runner.interrupted, "the run was interrupted");
        assertTrue(runner.sawCancel, "its heartbeat said cancelled, and lost");
        assertTrue(System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(1), "stopped within a second");
    }

    @Test
    void aTaskThatFinishedOtherwiseIsNotInterrupted() throws Exception {
        LapsedLeases leases = new LapsedLeases();
        HeldRunner runner = new HeldRunner(leases);
        CompletableFuture<ClaimedTaskRunner.Outcome> run = CompletableFuture.supplyAsync(() -> runner.handle("task_d"));
        assertTrue(runner.started.await(5, TimeUnit.SECONDS));

        // The same channel names completed and failed tasks; the row says this one is not cancelled.
        runner.channel.handler.accept("task_d");
        runner.channel.handler.accept(null); // a reconnect: every running task is checked
        Thread.sleep(300);
        runner.finish.countDown();

        assertEquals(ClaimedTaskRunner.Outcome.RAN, run.get(5, TimeUnit.SECONDS));
        assertFalse(runner.interrupted);
    }
}
