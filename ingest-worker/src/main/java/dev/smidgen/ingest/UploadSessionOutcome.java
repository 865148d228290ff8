package dev.smidgen.ingest;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.uploads.UploadSessionRepository;
import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.model.SmidgenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.HashMap;
import org.jboss.logging.Logger;

/**
 * Writes the end of an upload session in the same commit as the end of the ingest task of its
 * staged object, so a client polling the session never sees an answer its task contradicts.
 *
 * <p>Only the outcome columns are written, by conditional UPDATEs: the upload service owns the rest
 * of the row, and a session whose {@code task_id} names another task is left alone (a second task
 * for the same upload must not rewrite, or delete the bytes of, the first one's result).
 */
@ApplicationScoped
public class UploadSessionOutcome {
    private static final Logger LOG = Logger.getLogger(UploadSessionOutcome.class);
    private static final String THIS_TASKS_SESSION =
            "id = :id and projectId = :project and (taskId is null or taskId = :task)";

    @Inject
    UploadSessionRepository sessions;

    /** Marks the session completed with the task's media and file; false if it is not this task's. */
    @Transactional(TxType.MANDATORY)
    public boolean completed(TaskEntity task, String uploadId, Instant now) {
        int updated = sessions.update(
                "status = :status, mediaId = :media, fileId = :file, completed = :now, updated = :now,"
                        + " errorCode = null, errorMessage = null where " + THIS_TASKS_SESSION,
                whose(task, uploadId)
                        .and("status", UploadStatus.COMPLETED)
                        .and("media", task.mediaId)
                        .and("file", task.fileId)
                        .and("now", now));
        return found(updated, task, uploadId);
    }

    /**
     * Marks the session failed with the task's error; false if it is not this task's or already
     * completed, in which case its staged object is not the caller's to delete.
     */
    @Transactional(TxType.MANDATORY)
    public boolean failed(TaskEntity task, String uploadId, SmidgenException error, Instant now) {
        int updated = sessions.update(
                "status = :status, errorCode = :code, errorMessage = :message, updated = :now where "
                        + THIS_TASKS_SESSION + " and status <> :completed",
                whose(task, uploadId)
                        .and("status", UploadStatus.FAILED)
                        .and("code", error.code().code())
                        .and("message", error.getMessage())
                        .and("now", now)
                        .and("completed", UploadStatus.COMPLETED));
        return found(updated, task, uploadId);
    }

    private static Params whose(TaskEntity task, String uploadId) {
        return new Params().and("id", uploadId).and("project", task.projectId).and("task", task.id);
    }

    /** Named query parameters, chained; Panache's own {@code Parameters} is deprecated for a plain Map. */
    private static final class Params extends HashMap<String, Object> {
        Params and(String name, Object value) {
            put(name, value);
            return this;
        }
    }

    private static boolean found(int updated, TaskEntity task, String uploadId) {
        if (updated == 0) {
            LOG.warnf(
                    "%s: upload session %s is missing, belongs to another task or is already completed; left as it is",
                    task.id, uploadId);
        }
        return updated == 1;
    }
}
