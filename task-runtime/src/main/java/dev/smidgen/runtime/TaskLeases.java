package dev.smidgen.runtime;

import dev.smidgen.catalog.events.EventJournal;
import dev.smidgen.catalog.jobs.JobSteps;
import dev.smidgen.catalog.segments.SegmentTasks;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.tracing.Telemetry;
import dev.smidgen.model.tracing.TraceScope;
import dev.smidgen.model.webhooks.EventTopic;
import io.opentelemetry.api.trace.StatusCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Claims on task rows. A worker owns a task while its lease is fresh and renews it by heartbeat;
 * a worker that dies simply stops renewing, and the task becomes claimable again when the lease
 * expires. Every transition is a conditional UPDATE, so two workers can never both own a task.
 */
@ApplicationScoped
public class TaskLeases {
    @Inject
    EntityManager em;

    @Inject
    EventJournal events;

    @Inject
    JobSteps jobSteps;

    @Inject
    SegmentTasks segments;

    /** Takes a pending task, or a processing one whose owner's lease ran out. */
    @Transactional
    public boolean claim(String taskId, String owner, Duration lease) {
        boolean claimed = em.createNativeQuery("""
                UPDATE tasks SET status = 'processing', lease_owner = ?2,
                       lease_expires = now() + make_interval(secs => ?3),
                       attempts = attempts + 1, started = coalesce(started, now()), updated = now()
                 WHERE id = ?1
                   AND (status = 'pending' OR (status = 'processing' AND lease_expires < now()))
                """)
                        .setParameter(1, taskId)
                        .setParameter(2, owner)
                        .setParameter(3, seconds(lease))
                        .executeUpdate()
                == 1;
        if (claimed) {
            jobSteps.stepStarted(taskId);
        }
        return claimed;
    }

    /** Renews a lease; false means the task is no longer ours and the work must stop. */
    @Transactional
    public boolean heartbeat(String taskId, String owner, Duration lease) {
        return em.createNativeQuery("""
                UPDATE tasks SET lease_expires = now() + make_interval(secs => ?3)
                 WHERE id = ?1 AND lease_owner = ?2 AND status = 'processing'
                """)
                        .setParameter(1, taskId)
                        .setParameter(2, owner)
                        .setParameter(3, seconds(lease))
                        .executeUpdate()
                == 1;
    }

    /** Counts one more try of a task this worker owns (transient failures retried in place). */
    @Transactional
    public void countRetry(String taskId, String owner) {
        em.createNativeQuery("""
                UPDATE tasks SET attempts = attempts + 1, updated = now()
                 WHERE id = ?1 AND lease_owner = ?2 AND status = 'processing'
                """).setParameter(1, taskId).setParameter(2, owner).executeUpdate();
    }

    /**
     * Marks an owned task completed and journals {@code task.completed}. Joins the caller's
     * transaction so the result rows, the completion and its event commit together.
     */
    @Transactional
    public boolean complete(String taskId, String owner) {
        try (TraceScope span = Telemetry.start("complete")) {
            span.span().setAttribute("smidgen.task.id", taskId);
            return completeRow(taskId, owner);
        }
    }

    private boolean completeRow(String taskId, String owner) {
        // Parent before child, as a cancel locks them: the two can never wait for each other.
        String parent = segments.lockParentOf(taskId);
        boolean done = em.createNativeQuery("""
                UPDATE tasks SET status = 'completed', progress = 1, finished = now(), updated = now(),
                       lease_owner = NULL, lease_expires = NULL, error_code = NULL, error_message = NULL
                 WHERE id = ?1 AND lease_owner = ?2 AND status = 'processing'
                """)
                        .setParameter(1, taskId)
                        .setParameter(2, owner)
                        .executeUpdate()
                == 1;
        if (!done) {
            return false;
        }
        if (parent != null) {
            // A segment child is internal: no event of its own; the last one releases its parent's join.
            segments.childCompleted(parent);
        } else {
            events.recordForTask(taskId, EventTopic.TASK_COMPLETED);
            jobSteps.stepCompleted(taskId);
        }
        return true;
    }

    /** Marks an owned task failed with a stable code and a human message, and journals {@code task.failed}. */
    @Transactional
    public boolean fail(String taskId, String owner, String code, String message) {
        try (TraceScope span = Telemetry.start("fail")) {
            span.span().setAttribute("smidgen.task.id", taskId).setAttribute("smidgen.error.code", code);
            span.span().setStatus(StatusCode.ERROR, code);
            return failRow(taskId, owner, code, message);
        }
    }

    private boolean failRow(String taskId, String owner, String code, String message) {
        String parent = segments.lockParentOf(taskId);
        boolean done = em.createNativeQuery("""
                UPDATE tasks SET status = 'failed', finished = now(), updated = now(),
                       lease_owner = NULL, lease_expires = NULL, error_code = ?3, error_message = ?4
                 WHERE id = ?1 AND lease_owner = ?2 AND status = 'processing'
                """)
                        .setParameter(1, taskId)
                        .setParameter(2, owner)
                        .setParameter(3, code)
                        .setParameter(4, message)
                        .executeUpdate()
                == 1;
        if (!done) {
            return false;
        }
        if (parent != null) {
            // The parent fails with the child's error, once; its other children are cancelled.
            segments.childFailed(parent, code, message);
        } else {
            events.recordForTask(taskId, EventTopic.TASK_FAILED);
            jobSteps.stepFailed(taskId, code, message);
        }
        return true;
    }

    /** Gives an owned task back untouched (graceful shutdown), so another worker takes it at once. */
    @Transactional
    public boolean release(String taskId, String owner) {
        return em.createNativeQuery("""
                UPDATE tasks SET status = 'pending', lease_owner = NULL, lease_expires = NULL, updated = now()
                 WHERE id = ?1 AND lease_owner = ?2 AND status = 'processing'
                """)
                        .setParameter(1, taskId)
                        .setParameter(2, owner)
                        .executeUpdate()
                == 1;
    }

    /** Records progress (0..1) of an owned task; a segment child's moves its parent's aggregate too. */
    @Transactional
    public void progress(String taskId, String owner, double fraction) {
        List<?> parent = em.createNativeQuery("""
                        UPDATE tasks SET progress = ?3, updated = now() WHERE id = ?1 AND lease_owner = ?2
                        RETURNING coalesce(segment_of, '')
                        """)
                .setParameter(1, taskId)
                .setParameter(2, owner)
                .setParameter(3, (float) Math.max(0, Math.min(1, fraction)))
                .getResultList();
        if (!parent.isEmpty() && !((String) parent.get(0)).isEmpty()) {
            segments.aggregateProgress((String) parent.get(0));
        }
    }

    /**
     * Tasks nobody is working on: leases that expired (their worker died) and pending tasks older
     * than {@code pendingGrace} (their announcement was lost or is stuck behind a dead consumer).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> orphaned(Collection<TaskKind> kinds, Duration pendingGrace, int limit) {
        return em.createNativeQuery("""
                SELECT id FROM tasks
                 WHERE kind = ANY (?1)
                   AND ((status = 'processing' AND lease_expires < now())
                     OR (status = 'pending' AND created < now() - make_interval(secs => ?2)))
                 ORDER BY created LIMIT ?3
                """)
                .setParameter(1, kinds.stream().map(TaskKind::wire).toArray(String[]::new))
                .setParameter(2, seconds(pendingGrace))
                .setParameter(3, limit)
                .getResultList();
    }

    /** Those of {@code taskIds} some worker holds a live lease on now. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Set<String> leased(Collection<String> taskIds) {
        if (taskIds.isEmpty()) {
            return Set.of();
        }
        List<String> held = em.createNativeQuery("""
                SELECT id FROM tasks
                 WHERE id = ANY (?1) AND status = 'processing' AND lease_expires >= now()
                """)
                .setParameter(1, taskIds.toArray(String[]::new))
                .getResultList();
        return Set.copyOf(held);
    }

    /** Those of {@code taskIds} that are cancelled. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Set<String> cancelled(Collection<String> taskIds) {
        if (taskIds.isEmpty()) {
            return Set.of();
        }
        List<String> cancelled = em.createNativeQuery(
                        "SELECT id FROM tasks WHERE id = ANY (?1) AND status = 'cancelled'")
                .setParameter(1, taskIds.toArray(String[]::new))
                .getResultList();
        return Set.copyOf(cancelled);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
