package dev.smidgen.api.sources;

import dev.smidgen.api.webhooks.WebhookTargets;
import dev.smidgen.catalog.tasks.ConversionRequest;
import dev.smidgen.catalog.tasks.ConversionTasks;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.TaskKind;
import dev.smidgen.web.http.JsonBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A conversion from a request body, shared by {@code POST /tasks} and {@code POST /sources}. */
@ApplicationScoped
public class Conversions {
    @Inject
    ConversionTasks tasks;

    @Inject
    WebhookTargets webhooks;

    /**
     * Creates the conversion task that {@code body} asks for; {@code kind} is video, audio, image or
     * thumbnails (a storyboard, docs/api/storyboards.md).
     * A {@code webhook_url} must lead to an address webhooks may go to (422 otherwise), as on ingest.
     */
    public TaskEntity create(String projectId, TaskKind kind, JsonBody body) {
        ConversionRequest request = kind == TaskKind.THUMBNAILS
                ? StoryboardBody.parse(body)
                : ConversionBody.parse(body, kind.outputKind());
        if (request.webhookUrl() != null) {
            webhooks.check(request.webhookUrl());
        }
        return tasks.create(projectId, request);
    }
}
