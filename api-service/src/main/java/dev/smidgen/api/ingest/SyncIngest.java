package dev.smidgen.api.ingest;

import dev.smidgen.api.config.ApiConfig;
import dev.smidgen.api.tasks.TaskCompletionWaiter;
import dev.smidgen.api.tasks.TaskQueries;
import dev.smidgen.api.tasks.TaskView;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    TaskQueries queries;
    @Inject
    ApiConfig config;

    /** The outcome: the completed task, or the still-running one when the wait timed out. */
    public record Outcome(TaskEntity task, boolean finished) {
    }

    /** Runs an ingest and waits; a failed task becomes the matching error response. */
    public Outcome ingest(String projectId, IngestRequest request) {
        TaskEntity created = ingestTasks.create(projectId, request);
        boolean finished = waiter.await(created.id, config.syncTimeout(), () -> queries.isFinished(created.id));
        TaskView view = queries.view(projectId, created.id);
        TaskEntity task = view.task();
        if (!finished) {
            LOG.infof("%s: still %s after %s; answering 202", task.id, task.status, config.syncTimeout());
            return new Outcome(task, false);
        }
        if (TaskStatus.FAILED.wire().equals(task.status)) {
            throw new SmidgenException(ErrorCode.fromCode(task.errorCode), task.errorMessage, "url");
        }
        return new Outcome(task, true);
    }
}
