package dev.smidgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    }

    /** Runs a task until told to finish. */
    static final class HeldRunner extends ClaimedTaskRunner {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();

        HeldRunner(TaskLeases leases) {
            this.leases = leases;
            this.identity = new WorkerIdentity("test-worker");
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
}
