package dev.smidgen.catalog.jobs;

import dev.smidgen.catalog.tasks.ConversionTasks;
import dev.smidgen.catalog.tasks.ExportInput;
import dev.smidgen.catalog.tasks.IngestInput;
import dev.smidgen.catalog.tasks.StepTasks;
import dev.smidgen.catalog.tasks.TaskCreation;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.ApiGeneration;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * Creates and cancels jobs (docs/api/jobs.md). A job is its steps: an import (an ordinary ingest of
 * the input), an encode (an ordinary conversion waiting for that ingest) and, for an {@code s3://}
 * output, an export waiting for the encode. The workers run them as they run any task;
 * {@link JobSteps} moves the job along as they finish.
 */
@ApplicationScoped
public class Jobs {
    @Inject
    JobRepository jobs;

    @Inject
    JobSteps steps;

    @Inject
    TaskCreation creation;

    @Inject
    ConversionTasks conversions;

    @Inject
    StepTasks stepTasks;

    @Inject
    EntityManager em;

    /** A queued job with its steps, committed with the outbox row that announces its import. */
    @Transactional
    public JobEntity create(String projectId, JobRequest request) {
        Instant now = Instant.now();
        JobEntity job = new JobEntity();
        job.id = Ids.newId(IdPrefix.JOB);
        job.projectId = projectId;
        job.kind = request.kind();
        job.input = request.input();
        job.outputTarget = request.output() == null ? null : request.output().url();
        job.connectionId = request.source() != null
                ? request.source().connectionId()
                : request.output() == null ? null : request.output().connectionId();
        job.options = new LinkedHashMap<>(request.options());
        job.metadata = new LinkedHashMap<>(request.metadata());
        job.status = JobStatus.QUEUED;
        job.created = now;
        job.updated = now;
        jobs.persist(job);

        IngestInput source = request.source() != null
                ? IngestInput.ofBucket(request.source())
                : IngestInput.ofUrl(request.conversion().url());
        TaskEntity imported = step(job, creation.ingest(projectId, source));
        TaskEntity encoded = step(job, conversions.createBehind(projectId, request.conversion(), imported));
        if (request.output() != null) {
            step(job, stepTasks.export(projectId, new ExportInput(null, request.output()), encoded));
        }
        return job;
    }

    /**
     * Cancels a job that has not finished: its unfinished steps are cancelled (a running one is
     * stopped by its worker, which keeps nothing of it) and {@code job.cancelled} is journalled.
     * Cancelling a cancelled job answers it again; a job that succeeded or failed is a 409.
     */
    @Transactional
    public JobEntity cancel(String projectId, String jobId) {
        JobEntity job = jobs.findInProject(projectId, jobId).orElseThrow(() -> SmidgenException.notFound("Job"));
        // Rows are locked in the order every step transition locks them: its tasks (in step order),
        // then the job. A worker finishing a step holds that step's row, then takes the job's and
        // then the next step's; locking the job first here would deadlock with it.
        em.createNativeQuery("SELECT id FROM tasks WHERE job_id = ?1 ORDER BY created, id FOR UPDATE")
                .setParameter(1, job.id)
                .getResultList();
        if (!steps.lockUnfinished(job.id)) {
            em.refresh(job);
            if (job.status == JobStatus.CANCELLED) {
                return job;
            }
            throw new SmidgenException(
                    ErrorCode.CONFLICT,
                    "The job has already finished (" + job.status.wire() + "); there is nothing to cancel.");
        }
        steps.cancelUnfinishedSteps(job.id);
        steps.finish(job.id, JobStatus.CANCELLED, null, null);
        return job;
    }

    private static TaskEntity step(JobEntity job, TaskEntity task) {
        task.jobId = job.id;
        task.generation = ApiGeneration.JOBS;
        return task;
    }
}
