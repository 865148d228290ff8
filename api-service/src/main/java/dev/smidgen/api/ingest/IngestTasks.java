package dev.smidgen.api.ingest;

import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.media.MediaRepository;
import dev.smidgen.catalog.tasks.TaskCreation;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Creates ingest tasks: the task row and its outbox announcement commit together. */
@ApplicationScoped
public class IngestTasks {
    @Inject
    FileRepository files;
    @Inject
    MediaRepository media;
    @Inject
    TaskCreation creation;

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
        return creation.ingest(projectId, request.toTaskInput());
    }
}
