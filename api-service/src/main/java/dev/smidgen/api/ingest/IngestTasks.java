package dev.smidgen.api.ingest;

import dev.smidgen.catalog.tasks.TaskCreation;
import dev.smidgen.catalog.tasks.TaskEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Creates ingest tasks: the task row and its outbox announcement commit together. */
@ApplicationScoped
public class IngestTasks {
    @Inject
    NameClaims names;
    @Inject
    TaskCreation creation;

    @Transactional
    public TaskEntity create(String projectId, IngestRequest request) {
        names.refuseTaken(projectId, request.folder(), request.filename(), request.overwrite(), request.alias());
        TaskEntity task = creation.ingest(projectId, request.toTaskInput());
        task.webhookUrl = request.webhookUrl();
        return task;
    }
}
