package dev.smidgen.runtime;

import dev.smidgen.catalog.notify.DatabaseNotifications;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskRepository;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.tracing.TraceScope;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What every worker does with "task X may need work" (a Kafka message or the orphan sweep): claim
 * the lease, keep it alive while the work runs, give up on a task that keeps killing workers, and on
 * shutdown stop taking work and give unfinished tasks back so another worker takes them at once
 * instead of after the lease expires. A worker's processor extends this and does the work.
 *
 * <p>A cancelled task stops within about a second: the tasks trigger notifies
 * {@code smidgen_task_finished} with its id (catalog's {@code TaskCancellation} sets the status), and
 * the worker running it marks its heartbeat cancelled and interrupts its thread, which ends an
 * FFmpeg run at once. The heartbeat, which fails for a row no longer processing, stops it anyway
 * within a third of the lease when the notification is lost.
 */
public abstract class ClaimedTaskRunner {
    private static final Logger LOG = Logger.getLogger(ClaimedTaskRunner.class);

    @Inject
    protected TaskLeases leases;

    @Inject
    TaskRepository tasks;

    @Inject
    protected WorkerIdentity identity;

    @Inject
    DatabaseNotifications notifications;

    private final Map<String, Thread> running = new ConcurrentHashMap<>();
    private final Map<String, LeaseHeartbeat> heartbeats = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private volatile boolean listening;

    /** What became of a message about a task. */
    public enum Outcome {
        /** Worked on here (completed, failed or abandoned to another worker). */
        RAN,
        /** Not ours to run: finished, owned by a live worker, another kind, or this worker is stopping. */
        SKIPPED,
        /** Taken over more often than allowed (it kills workers): failed, and its message is poison. */
        GAVE_UP
    }

    /** The kinds of task this worker runs. */
    protected abstract Collection<TaskKind> kinds();

    /** How long a claim lasts without a heartbeat. */
    protected abstract Duration lease();

    /** Tries per task, counting takeovers after a worker died. */
    protected abstract int maxAttempts();

    /**
     * Whether the orphan sweep may start a task while this worker is running another. Workers whose
     * tasks take the whole machine (FFmpeg) say no: the sweep must not double their concurrency.
     */
    protected boolean sweepsWhileBusy() {
        return true;
    }

    /** Does the work of a claimed task; the heartbeat tells whether it is still ours. */
    protected abstract void run(TaskEntity task, LeaseHeartbeat heartbeat);

    /** Fails a claimed task without running it, cleaning up what a failed run would. */
    protected abstract void giveUp(TaskEntity task, SmidgenException error);

    /**
     * Works on the task if it is claimable here; a finished or owned task is left alone. A task
     * this worker is already on is left alone too, before any claim: its Kafka message and its
     * orphan sweep can both offer it, and when a stalled run let the lease lapse the claim would
     * succeed again under the same owner, whose heartbeat could not tell the two runs apart.
     */
    public Outcome handle(String taskId) {
        return handle(taskId, null);
    }

    /**
     * As {@link #handle(String)}, for a message that carried the {@code traceparent} of its trace
     * (the Kafka record's header): the work is traced under it. Without one (the orphan sweep) the
     * work continues the trace stored with the task.
     */
    public Outcome handle(String taskId, String traceparent) {
        if (!listening) {
            listenForCancellations();
        }
        if (stopping || running.putIfAbsent(taskId, Thread.currentThread()) != null) {
            LOG.debugf("%s: already running here, or shutting down", taskId);
            return Outcome.SKIPPED;
        }
        try {
            return claimAndRun(taskId, traceparent);
        } finally {
            running.remove(taskId);
            LeaseHeartbeat heartbeat = heartbeats.remove(taskId);
            if (heartbeat != null && heartbeat.cancelled() && !stopping) {
                // The cancel's interrupt was for this task only: the thread's next task must not see it.
                Thread.interrupted();
            }
        }
    }

    private synchronized void listenForCancellations() {
        if (!listening) {
            notifications.subscribe(
                    "smidgen_task_finished", taskId -> CompletableFuture.runAsync(() -> stopIfCancelled(taskId)));
            listening = true;
        }
    }

    /**
     * Stops the runs here of tasks that were cancelled: {@code taskId}'s, or every running one's after
     * a reconnect (null). The notification also comes when a task completes or fails, so the row says
     * which it was. Off the listener thread, which must not wait for a query.
     */
    private void stopIfCancelled(String taskId) {
        Set<String> candidates = taskId == null ? Set.copyOf(heartbeats.keySet()) : Set.of(taskId);
        if (candidates.isEmpty() || (taskId != null && !heartbeats.containsKey(taskId))) {
            return;
        }
        try {
            for (String cancelled : leases.cancelled(candidates)) {
                // Atomic with handle()'s removal: a thread that has moved on to other work is never interrupted.
                running.computeIfPresent(cancelled, (id, thread) -> {
                    LeaseHeartbeat heartbeat = heartbeats.get(id);
                    if (heartbeat != null && !heartbeat.cancelled()) {
                        heartbeat.cancel();
                        LOG.infof("%s: cancelled; stopping its run", id);
                        thread.interrupt();
                    }
                    return thread;
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not check for cancelled tasks (%s); their heartbeats stop them", e.getMessage());
        }
    }

    private Outcome claimAndRun(String taskId, String traceparent) {
        Instant claimStarted = Instant.now();
        if (!leases.claim(taskId, identity.name(), lease())) {
            LOG.debugf("%s: not claimable here (finished or owned elsewhere)", taskId);
            return Outcome.SKIPPED;
        }
        TaskEntity task = load(taskId);
        if (!kinds().contains(task.kind)) {
            leases.release(taskId, identity.name());
            return Outcome.SKIPPED;
        }
        // Traced from here: a message for a task that is not ours to run adds nothing to its trace.
        try (TraceScope work = WorkerTracing.process(task, traceparent, identity.name(), claimStarted)) {
            try {
                return claimedRun(task);
            } catch (RuntimeException | Error e) {
                work.fail(e);
                throw e;
            }
        }
    }

    private Outcome claimedRun(TaskEntity task) {
        String taskId = task.id;
        if (task.attempts > maxAttempts()) {
            LOG.warnf("%s: claimed %d times; giving up", taskId, task.attempts);
            giveUp(
                    task,
                    new SmidgenException(
                            ErrorCode.INTERNAL,
                            "The task was abandoned after " + maxAttempts()
                                    + " attempts: every worker that took it stopped before finishing."));
            return Outcome.GAVE_UP;
        }
        LOG.infof("%s: claimed by %s (attempt %d)", taskId, identity.name(), task.attempts);
        try (LeaseHeartbeat heartbeat = new LeaseHeartbeat(leases, taskId, identity.name(), lease())) {
            heartbeats.put(taskId, heartbeat);
            run(task, heartbeat);
        }
        return Outcome.RAN;
    }

    /**
     * Runs tasks of this worker's kinds that nobody is working on: leases that expired (their
     * worker died) and pending tasks older than {@code pendingGrace} (lost announcement).
     */
    public void sweepOrphans(Duration pendingGrace) {
        if (stopping || (!sweepsWhileBusy() && !running.isEmpty())) {
            return;
        }
        List<String> orphans = leases.orphaned(kinds(), pendingGrace, 5);
        for (String taskId : orphans) {
            LOG.infof("%s: picking up orphaned task", taskId);
            handle(taskId);
        }
    }

    /** Whether this worker has begun shutting down. */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Stops taking work and gives every running task back, interrupting its thread (which ends an
     * FFmpeg run at once); call it from the worker's shutdown observer.
     */
    protected void releaseAll() {
        stopping = true;
        running.forEach((taskId, thread) -> {
            if (leases.release(taskId, identity.name())) {
                LOG.infof("%s: released on shutdown; another worker will take it", taskId);
            }
            thread.interrupt();
        });
    }

    // Protected, not package-private: the interceptor subclass of a worker's processor lives in the
    // worker's package and could not override (so not make transactional) a package-private method.
    @Transactional
    protected TaskEntity load(String taskId) {
        return tasks.findById(taskId);
    }
}
