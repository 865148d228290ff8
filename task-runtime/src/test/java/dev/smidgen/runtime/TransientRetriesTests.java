package dev.smidgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransientRetriesTests {
    /** Counts the retries a run records instead of writing them to a task row. */
    static final class CountingLeases extends TaskLeases {
        int retries;

        @Override
        public void countRetry(String taskId, String owner) {
            retries++;
        }
    }

    private final CountingLeases leases = new CountingLeases();
    private final TransientRetries retries = new TransientRetries(leases, 3, Duration.ofMillis(1));

    @Test
    void transientFailuresAreRetriedUntilTheStepSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = retries.run(task(1), "me", () -> {
            if (calls.incrementAndGet() < 3) {
                throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "storage is down", null);
            }
            return "done";
        });
        assertEquals("done", result);
        assertEquals(3, calls.get());
        assertEquals(2, leases.retries, "each retry is counted as an attempt");
    }

    @Test
    void theLastAllowedAttemptThrows() {
        SmidgenException down = SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "storage is down", null);
        AtomicInteger calls = new AtomicInteger();
        SmidgenException thrown = assertThrows(
                SmidgenException.class,
                () -> retries.run(task(2), "me", () -> {
                    calls.incrementAndGet();
                    throw down;
                }));
        assertSame(down, thrown);
        assertEquals(2, calls.get(), "attempt 2 of 3 retries once, then gives up");
    }

    @Test
    void aLaterStepOfTheRunGoesOnCountingFromTheEarlierStepsRetries() {
        TaskEntity task = task(1);
        AtomicInteger fetches = new AtomicInteger();
        retries.run(
                task,
                "me",
                () -> { // the fetch fails once
                    if (fetches.incrementAndGet() == 1) {
                        throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "storage is down", null);
                    }
                    return null;
                });
        assertEquals(2, task.attempts);

        AtomicInteger stores = new AtomicInteger();
        assertThrows(
                SmidgenException.class,
                () -> retries.run(
                        task,
                        "me",
                        () -> { // the store keeps failing
                            stores.incrementAndGet();
                            throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "storage is down", null);
                        }));
        assertEquals(2, stores.get(), "attempt 2 of 3 retries once, then gives up: the fetch's retry counted");
        assertEquals(3, task.attempts);
    }

    @Test
    void transientFailuresTheCallerDoesNotAcceptAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        SmidgenException timeout = SmidgenException.transientFailure(ErrorCode.INTERNAL, "took too long", null);
        SmidgenException thrown = assertThrows(
                SmidgenException.class,
                () -> retries.run(
                        task(1),
                        "me",
                        () -> {
                            if (calls.incrementAndGet() == 1) {
                                throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "storage is down", null);
                            }
                            throw timeout;
                        },
                        e -> e.code() == ErrorCode.UNAVAILABLE));
        assertSame(timeout, thrown);
        assertEquals(2, calls.get(), "the storage failure was retried, the timeout was not");
        assertEquals(1, leases.retries);
    }

    @Test
    void permanentFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(
                SmidgenException.class,
                () -> retries.run(task(1), "me", () -> {
                    calls.incrementAndGet();
                    throw new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "not media");
                }));
        assertEquals(1, calls.get());
        assertEquals(0, leases.retries);
    }

    private static TaskEntity task(int attempts) {
        TaskEntity task = new TaskEntity();
        task.id = "task_test";
        task.attempts = attempts;
        return task;
    }
}
