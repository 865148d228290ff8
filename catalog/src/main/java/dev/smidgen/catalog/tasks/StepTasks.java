package dev.smidgen.catalog.tasks;

import dev.smidgen.catalog.outbox.Outbox;
import dev.smidgen.model.ApiGeneration;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Creates the two step kinds only the jobs generation has (docs/api/jobs.md#tasks): a probe, which
 * reads a URL's media facts and keeps nothing, and an export, which copies a stored file to the
 * user's own bucket. Both run on the ingest workers.
 */
@ApplicationScoped
public class StepTasks {
    @Inject
    TaskRepository tasks;

    @Inject
    Outbox outbox;

    /** A pending probe, announced. Joins the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public TaskEntity probe(String projectId, ProbeInput input) {
        TaskEntity task = newTask(projectId, TaskKind.PROBE, TaskStatus.PENDING);
        task.probeInput(input);
        tasks.persist(task);
        outbox.announce(task);
        return task;
    }

    /**
     * An export of {@code input}'s file, pending and announced; or, when {@code after} is given (a
     * job's encode, whose file does not exist yet), waiting for it: {@link
     * dev.smidgen.catalog.jobs.JobSteps} names the file and announces the export when it completes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public TaskEntity export(String projectId, ExportInput input, TaskEntity after) {
        TaskEntity task = newTask(projectId, TaskKind.EXPORT, after == null ? TaskStatus.PENDING : TaskStatus.WAITING);
        task.exportInput(input);
        if (after != null) {
            task.parentId = after.id;
            task.mediaId = after.mediaId;
        }
        tasks.persist(task);
        if (after == null) {
            outbox.announce(task);
        }
        return task;
    }

    private static TaskEntity newTask(String projectId, TaskKind kind, TaskStatus status) {
        Instant now = Instant.now();
        TaskEntity task = new TaskEntity();
        task.id = Ids.newId(IdPrefix.TASK);
        task.projectId = projectId;
        task.kind = kind;
        task.status = status;
        task.generation = ApiGeneration.JOBS;
        task.created = now;
        task.updated = now;
        return task;
    }
}
