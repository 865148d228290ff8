package dev.smidgen.api.ingest;

import dev.smidgen.catalog.tasks.TaskAwait;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskOutcome;
import dev.smidgen.web.config.ApiConfig;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.tasks.TaskViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;

/**
 * The synchronous face of ingest ({@code POST /files}, {@code POST /media}): the same task as
 * {@code POST /tasks}, awaited up to {@code smidgen.api.sync-timeout}.
 */
@ApplicationScoped
public class SyncIngest {
    @Inject
    IngestTasks ingestTasks;

    @Inject
    TaskAwait await;

    @Inject
    TaskViews tasks;

    @Inject
    ApiConfig config;

    @Inject
    ApiResponses responses;

    /**
     * Runs the ingest a request body asks for and answers with {@code completed}'s view of the
     * result, or with 202 and the task when the wait times out. A failed task becomes the
     * matching error response.
     */
    public Response respond(String projectId, String body, Function<TaskEntity, Response> completed) {
        TaskEntity created = ingestTasks.create(projectId, IngestRequest.from(JsonBody.parse(body)));
        TaskOutcome outcome = await.await(created.id, config.syncTimeout());
        if (outcome instanceof TaskOutcome.Failed failed) {
            throw failed.error("url");
        }
        if (outcome instanceof TaskOutcome.Completed done) {
            return completed.apply(done.task());
        }
        return responses.object(202, tasks.view(outcome.task()), "/tasks/" + created.id, "/tasks");
    }
}
