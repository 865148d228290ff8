package dev.smidgen.api.ingest;

import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.media.MediaRepository;
import dev.smidgen.catalog.outbox.Outbox;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskRepository;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Creates ingest tasks: the task row and its outbox announcement commit together. */
@ApplicationScoped
public class IngestTasks {
    @Inject
    TaskRepository tasks;
    @Inject
    FileRepository files;
    @Inject
    MediaRepository media;
    @Inject
    Outbox outbox;

    @Transactional
    public TaskEntity create(String projectId, IngestRequest request) {
        // Refuse clashes now, while the client is listening; the worker checks again when it writes.
        if (request.alias() != null && media.findLive(projectId, request.alias()).isPresent()) {
            throw new SmidgenException(ErrorCode.CONFLICT, "A media item with alias '" + request.alias() + "' already exists.", "alias");
        }
        if (request.filename() != null && !request.overwrite()
                && files.findPathHolder(projectId, request.folder(), request.filename()).isPresent()) {
            throw new SmidgenException(ErrorCode.CONFLICT,
                    "A file named '" + request.filename() + "' already exists in this folder; send overwrite: true to replace it.",
                    "filename");
        }
        Instant now = Instant.now();
        TaskEntity task = new TaskEntity();
        task.id = Ids.newId(IdPrefix.TASK);
        task.projectId = projectId;
        task.kind = TaskKind.INGEST.wire();
        task.status = TaskStatus.PENDING.wire();
        task.input = request.toTaskInput();
        task.fileId = Ids.newId(IdPrefix.FILE);
        task.mediaId = Ids.newId(IdPrefix.MEDIA);
        task.created = now;
        task.updated = now;
        tasks.persist(task);
        outbox.announce(task);
        return task;
    }
}
