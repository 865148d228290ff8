package dev.smidgen.api.ingest;

import dev.smidgen.catalog.tasks.TaskCompletionWaiter;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.web.config.ApiConfig;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.tasks.TaskViews;
import dev.smidgen.web.tasks.TaskView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The synchronous face of ingest ({@code POST /files}, {@code POST /media}): the same task as
 * {@code POST /tasks}, awaited up to {@code smidgen.api.sync-timeout}.
 */
@ApplicationScoped
public class SyncIngest {
    private static final Logger LOG = Logger.getLogger(SyncIngest.class);

    @Inject
    IngestTasks ingestTasks;
    @Inject
    TaskCompletionWaiter waiter;
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
        TaskEntity task = ingest(projectId, IngestRequest.from(JsonBody.parse(body)));
        if (!TaskStatus.COMPLETED.wire().equals(task.status)) {
            return responses.object(202, tasks.view(task), "/tasks/" + task.id, "/tasks");
        }
        return completed.apply(task);
    }

    private TaskEntity ingest(String projectId, IngestRequest request) {
        TaskEntity created = ingestTasks.create(projectId, request);
        boolean finished = waiter.await(created.id, config.syncTimeout(), () -> tasks.isFinished(created.id));
        TaskView view = tasks.view(projectId, created.id);
        TaskEntity task = view.task();
        if (!finished) {
            LOG.infof("%s: still %s after %s; answering 202", task.id, task.status, config.syncTimeout());
            return task;
        }
        if (LOG.isDebugEnabled() && task.finished != null) {
            // How long the wake-up took: the commit's notification, this thread's turn, the row read back.
            LOG.debugf("%s: %s; answering %d ms after it finished", task.id, task.status, Duration.between(task.finished, Instant.now()).toMillis());
        }
        if (TaskStatus.FAILED.wire().equals(task.status)) {
            throw new SmidgenException(ErrorCode.fromCode(task.errorCode), task.errorMessage, "url");
        }
        return task;
    }
}
