package dev.smidgen.catalog.tasks;

import dev.smidgen.catalog.outbox.Outbox;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Creates task rows; each commits together with the outbox row that announces it to workers. */
@ApplicationScoped
public class TaskCreation {
    @Inject
    TaskRepository tasks;

    @Inject
    Outbox outbox;

    /**
     * A pending ingest whose file and media ids are fixed now, so that a retried task writes the
     * same rows and object instead of a second copy. Joins the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public TaskEntity ingest(String projectId, IngestInput input) {
        Instant now = Instant.now();
        TaskEntity task = new TaskEntity();
        task.id = Ids.newId(IdPrefix.TASK);
        task.projectId = projectId;
        task.kind = TaskKind.INGEST;
        task.status = TaskStatus.PENDING;
        task.ingestInput(input);
        task.fileId = Ids.newId(IdPrefix.FILE);
        task.mediaId = Ids.newId(IdPrefix.MEDIA);
        task.created = now;
        task.updated = now;
        tasks.persist(task);
        outbox.announce(task);
        return task;
    }
}
