package dev.smidgen.api.ingest;

import dev.smidgen.api.webhooks.WebhookTargets;
import dev.smidgen.catalog.tasks.TaskCreation;
import dev.smidgen.catalog.tasks.TaskEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Creates ingest tasks: the task row and its outbox announcement commit together. A task's own
 * {@code webhook_url} must pass the webhook address rules before anything is stored.
 */
@ApplicationScoped
public class IngestTasks {
    @Inject
    NameClaims names;

    @Inject
    TaskCreation creation;

    @Inject
    WebhookTargets webhooks;

    @Transactional
    public TaskEntity create(String projectId, IngestRequest request) {
        String webhookUrl = request.webhookUrl() == null
                ? null
                : webhooks.check(request.webhookUrl()).toString();
        names.refuseTaken(projectId, request.folder(), request.filename(), request.overwrite(), request.alias());
        TaskEntity task = creation.ingest(projectId, request.toTaskInput());
        task.webhookUrl = webhookUrl;
        return task;
    }
}
