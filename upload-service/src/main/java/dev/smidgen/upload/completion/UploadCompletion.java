package dev.smidgen.upload.completion;

import dev.smidgen.catalog.tasks.TaskCompletionWaiter;
import dev.smidgen.catalog.tasks.TaskCreation;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.web.config.ApiConfig;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.media.MediaViews;
import dev.smidgen.web.tasks.TaskViews;
import dev.smidgen.web.tasks.TaskView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The end of every upload protocol: the assembled object becomes an ingest task (probe,
 * conditions, path, File + Media, all in the ingest worker), and the request waits for it like
 * {@code POST /media} does: 201 + Media, the task's error (422 {@code condition_failed}, ...), or
 * 202 + task when the ingest outlasts {@code smidgen.api.sync-timeout}.
 */
@ApplicationScoped
public class UploadCompletion {
    private static final Logger LOG = Logger.getLogger(UploadCompletion.class);

    @Inject
    EntityManager em;
    @Inject
    TaskCreation creation;
    @Inject
    TaskCompletionWaiter waiter;
    @Inject
    TaskViews tasks;
    @Inject
    MediaViews media;
    @Inject
    ApiResponses responses;
    @Inject
    ApiConfig config;

    /**
     * Hands the assembled object to ingest and answers for it. {@code sha256}: the file's SHA-256
     * (lower-case hex) when the upload service hashed every byte on the way in, else null.
     */
    public Response ingest(UploadSessionEntity session, String originalFilename, String sha256) {
        TaskEntity task = createTask(session, originalFilename, sha256);
        LOG.infof("%s: %d bytes assembled; ingesting as %s", session.id, session.received, task.id);
        boolean finished = waiter.await(task.id, config.syncTimeout(), () -> tasks.isFinished(task.id));
        TaskView view = tasks.view(session.projectId, task.id);
        if (!finished) {
            return responses.object(202, view, "/tasks/" + task.id, "/tasks");
        }
        TaskEntity done = view.task();
        if (TaskStatus.FAILED.wire().equals(done.status)) {
            throw new SmidgenException(ErrorCode.fromCode(done.errorCode), done.errorMessage,
                    ErrorCode.CONDITION_FAILED.code().equals(done.errorCode) ? "conditions" : "file");
        }
        return responses.object(201, media.view(session.projectId, done.mediaId), "/media/" + done.mediaId, "/media");
    }

    private TaskEntity createTask(UploadSessionEntity session, String originalFilename, String sha256) {
        return QuarkusTransaction.requiringNew().call(() -> createTaskInTransaction(session, originalFilename, sha256));
    }

    private TaskEntity createTaskInTransaction(UploadSessionEntity session, String originalFilename, String sha256) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("upload", session.id);
        input.put("staged_key", session.storageKey);
        input.put("folder", session.folder);
        input.put("filename", session.filename);
        input.put("title", session.title);
        input.put("alias", session.alias);
        input.put("overwrite", session.overwrite);
        input.put("metadata", session.metadata);
        input.put("conditions", session.conditions);
        input.put("original_filename", originalFilename);
        // The file's checksum, computed while a single request carried it from its first byte to its
        // last: the ingest takes it instead of reading the whole file again (and hashes it itself
        // when it is absent: resumed, chunked and Content-Range uploads in several requests).
        input.put("sha256", sha256);
        input.values().removeIf(v -> v == null);
        TaskEntity task = creation.ingest(session.projectId, input);
        em.createNativeQuery("""
                UPDATE upload_sessions SET task_id = ?2, file_id = ?3, media_id = ?4, lock_owner = NULL, lock_expires = NULL,
                       updated = now()
                 WHERE id = ?1
                """).setParameter(1, session.id).setParameter(2, task.id).setParameter(3, task.fileId).setParameter(4, task.mediaId)
                .executeUpdate();
        return task;
    }
}
