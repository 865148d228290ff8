package dev.smidgen.catalog.jobs;

import dev.smidgen.catalog.events.EventJournal;
import dev.smidgen.catalog.outbox.Outbox;
import dev.smidgen.catalog.tasks.TaskCancellation;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskRepository;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.model.webhooks.EventTopic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Moves a job along as its steps move (docs/api/jobs.md#statuses), in the same transaction as the
 * step's own transition, so a job's status, its steps and its webhook event never disagree. Called
 * by the task lease transitions for every task; a task that is no job's step is left alone.
 */
@ApplicationScoped
public class JobSteps {
    @Inject
    EntityManager em;

    @Inject
    TaskRepository tasks;

    @Inject
    JobRepository jobs;

    @Inject
    Outbox outbox;

    @Inject
    EventJournal events;

    @Inject
    TaskCancellation cancellation;

    /** A worker claimed task {@code taskId}: its job, if still queued, is processing from now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stepStarted(String taskId) {
        em.createNativeQuery("""
                UPDATE jobs SET status = 'processing', started = coalesce(started, now()), updated = now()
                 WHERE id = (SELECT job_id FROM tasks WHERE id = ?1) AND status = 'queued'
                """).setParameter(1, taskId).executeUpdate();
    }

    /**
     * Task {@code taskId} completed: the export waiting for it learns its file and is announced;
     * when it was the job's last unfinished step, the job succeeded.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stepCompleted(String taskId) {
        TaskEntity step = tasks.findById(taskId);
        if (step == null || step.jobId == null || !lockUnfinished(step.jobId)) {
            return;
        }
        for (TaskEntity next : tasks.list(
                "parentId = ?1 and status = ?2 and kind = ?3", step.id, TaskStatus.WAITING, TaskKind.EXPORT)) {
            next.exportInput(next.exportInput().withFile(step.fileId));
            next.status = TaskStatus.PENDING;
            next.updated = Instant.now();
            outbox.announce(next);
        }
        long unfinished = tasks.count(
                "jobId = ?1 and status in ?2 and id <> ?3",
                step.jobId,
                List.of(TaskStatus.WAITING, TaskStatus.PENDING, TaskStatus.PROCESSING),
                step.id);
        if (unfinished == 0) {
            finish(step.jobId, JobStatus.SUCCEEDED, null, null);
        }
    }

    /**
     * Task {@code taskId} failed with {@code code}: its job failed with the step's error, and the
     * steps after it are cancelled (they had nothing to work on).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stepFailed(String taskId, String code, String message) {
        TaskEntity step = tasks.findById(taskId);
        if (step == null || step.jobId == null || !lockUnfinished(step.jobId)) {
            return;
        }
        cancelUnfinishedSteps(step.jobId);
        finish(step.jobId, JobStatus.FAILED, code, message);
    }

    /** Cancels every step of {@code jobId} that has not finished; the number cancelled. */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public int cancelUnfinishedSteps(String jobId) {
        // Ids through SQL, not entities: the UPDATE below would leave loaded entities stale.
        List<String> steps = em.createNativeQuery("SELECT id FROM tasks WHERE job_id = ?1")
                .setParameter(1, jobId)
                .getResultList();
        return cancellation.cancel(steps);
    }

    /**
     * Whether the job is still unfinished, taking its row lock for the rest of the transaction: a
     * step finishing and a cancel request are thereby serialised, and only one of them finishes it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean lockUnfinished(String jobId) {
        return em.createNativeQuery("""
                        UPDATE jobs SET updated = now() WHERE id = ?1 AND status IN ('queued', 'processing')
                        """).setParameter(1, jobId).executeUpdate() == 1;
    }

    /** Records the job's outcome and journals its event (the job is the webhook's payload). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void finish(String jobId, JobStatus status, String code, String message) {
        JobEntity job = jobs.findById(jobId);
        em.refresh(job); // the UPDATE above bypassed the session
        Instant now = Instant.now();
        job.status = status;
        job.errorKind = code == null ? null : errorKind(code);
        job.errorMessage = message;
        job.finished = now;
        job.updated = now;
        events.record(job.projectId, topicOf(status), job.id);
    }

    /** A stored task error code as the jobs generation names it. */
    public static String errorKind(String code) {
        return ErrorCode.INVALID_REQUEST.code().equals(code) ? "invalid_input" : code;
    }

    private static EventTopic topicOf(JobStatus status) {
        return switch (status) {
            case SUCCEEDED -> EventTopic.JOB_SUCCEEDED;
            case FAILED -> EventTopic.JOB_FAILED;
            case CANCELLED -> EventTopic.JOB_CANCELLED;
            default -> throw new IllegalArgumentException("not a final status: " + status);
        };
    }
}
