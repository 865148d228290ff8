package dev.smidgen.upload.completion;

import dev.smidgen.catalog.tasks.IngestInput;
import dev.smidgen.catalog.tasks.TaskAwait;
import dev.smidgen.catalog.tasks.TaskCreation;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskOutcome;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.upload.sessions.SessionWrites;
import dev.smidgen.web.config.ApiConfig;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.media.MediaViews;
import dev.smidgen.web.tasks.TaskViews;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Response;
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
    TaskAwait await;

    @Inject
    TaskViews tasks;

    @Inject
    MediaViews media;

    @Inject
    ApiResponses responses;

    @Inject
    ApiConfig config;

    @Inject
    SessionWrites writes;

    /**
     * Hands the assembled object to ingest and answers for it. {@code sha256}: the file's SHA-256
     * (lower-case hex) when the upload service hashed every byte on the way in, else null.
     */
    public Response ingest(UploadSessionEntity session, String originalFilename, String sha256) {
        TaskOutcome outcome = complete(session, originalFilename, sha256);
        TaskEntity task = outcome.task();
        if (outcome instanceof TaskOutcome.Failed failed) {
            throw error(failed);
        }
        if (outcome instanceof TaskOutcome.Completed) {
            return responses.object(
                    201, media.view(session.projectId, task.mediaId), "/media/" + task.mediaId, "/media");
        }
        return responses.object(202, tasks.view(task), "/tasks/" + task.id, "/tasks");
    }

    /** Hands the assembled object to ingest and waits for it, for a protocol that answers in its own way (tus). */
    public TaskOutcome complete(UploadSessionEntity session, String originalFilename, String sha256) {
        return await.await(handOver(session, originalFilename, sha256).id, config.syncTimeout());
    }

    /** Hands the assembled object of a {@code completing} session to ingest; returns the task without waiting. */
    public TaskEntity handOver(UploadSessionEntity session, String originalFilename, String sha256) {
        TaskEntity task;
        try {
            task = createTask(session, originalFilename, sha256);
        } catch (RuntimeException e) {
            // No task took the session over: give it back to its client, or its URL would answer 409
            // (completing) forever. Every protocol can then send again or start over.
            writes.reopen(session.id);
            throw e;
        }
        LOG.infof("%s: %d bytes assembled; ingesting as %s", session.id, session.received, task.id);
        return task;
    }

    /** A failed ingest as the upload's error: on {@code conditions} when they refused the file. */
    public static SmidgenException error(TaskOutcome.Failed failed) {
        return failed.error(ErrorCode.CONDITION_FAILED.code().equals(failed.task().errorCode) ? "conditions" : "file");
    }

    /**
     * Hands a {@code completing} session whose request died before it created the ingest task (the
     * database was down, or the replica) to ingest; a failure leaves it completing for the next try.
     * The file was assembled before the session became completing, so only the task is missing.
     */
    public TaskEntity retryHandOver(UploadSessionEntity session) {
        TaskEntity task = createTask(session, session.originalFilename, null);
        LOG.infof("%s: its completion never reached ingest; ingesting it now as %s", session.id, task.id);
        return task;
    }

    private TaskEntity createTask(UploadSessionEntity session, String originalFilename, String sha256) {
        return QuarkusTransaction.requiringNew().call(() -> createTaskInTransaction(session, originalFilename, sha256));
    }

    private TaskEntity createTaskInTransaction(UploadSessionEntity session, String originalFilename, String sha256) {
        // sha256: the file's checksum, computed while a single request carried it from its first byte
        // to its last: the ingest takes it instead of reading the whole file again (and hashes it
        // itself when it is absent: resumed, chunked and Content-Range uploads in several requests).
        IngestInput input = new IngestInput(
                null,
                session.id,
                session.storageKey,
                session.folder,
                session.filename,
                session.title,
                session.alias,
                null,
                session.overwrite,
                session.metadata,
                session.conditions,
                originalFilename,
                sha256,
                null);
        TaskEntity task = creation.ingest(session.projectId, input);
        int handedOver = em.createNativeQuery("""
                UPDATE upload_sessions SET task_id = ?2, file_id = ?3, media_id = ?4, lock_owner = NULL, lock_expires = NULL,
                       updated = now()
                 WHERE id = ?1 AND status = 'completing' AND task_id IS NULL
                """)
                .setParameter(1, session.id)
                .setParameter(2, task.id)
                .setParameter(3, task.fileId)
                .setParameter(4, task.mediaId)
                .executeUpdate();
        if (handedOver == 0) {
            // A late request and the janitor's retry both got here: the first one's task stands, this one rolls back.
            throw new SmidgenException(ErrorCode.CONFLICT, "This upload was already handed to ingest.");
        }
        return task;
    }
}
