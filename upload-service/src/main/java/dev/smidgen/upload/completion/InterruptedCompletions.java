package dev.smidgen.upload.completion;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.upload.sessions.SessionAccess;
import dev.smidgen.upload.sessions.SessionLock;
import dev.smidgen.upload.storage.OffsetUpload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Completes an offset upload (tus, {@code Content-Range}) whose last bytes were stored but whose
 * completion never began: the replica died between the two. Its client sees every byte in (a tus
 * client then calls the upload done and never sends again), so nobody else would ever finish it.
 * Both the upload's own {@code HEAD} (a client resuming after the crash gets its media id) and the
 * janitor (a client that never comes back) start it here, under the session lock.
 */
@ApplicationScoped
public class InterruptedCompletions {
    private static final Logger LOG = Logger.getLogger(InterruptedCompletions.class);

    @Inject
    SessionLock locks;

    @Inject
    SessionAccess access;

    @Inject
    OffsetUpload offsets;

    @Inject
    UploadCompletion completion;

    @Inject
    UploadConfig config;

    /** Whether {@code session} is open with every declared byte stored: a completion that never began. */
    public static boolean isInterrupted(UploadSessionEntity session) {
        return session.status == UploadStatus.OPEN
                && session.declaredLength != null
                && session.declaredLength > 0
                && session.received == session.declaredLength;
    }

    /**
     * Moves an interrupted session to {@code completing} and hands it to ingest; empty when it is not
     * interrupted (any more), or another request holds it right now. The SHA-256 the first request
     * computed died with it: the ingest hashes the file itself.
     */
    public Optional<UploadSessionEntity> resume(UploadSessionEntity session) {
        if (!isInterrupted(session)) {
            return Optional.empty();
        }
        try (SessionLock.Held lock = locks.acquire(session.id)) {
            UploadSessionEntity current = access.reload(session);
            if (!isInterrupted(current)) {
                return Optional.empty();
            }
            offsets.finish(current, current.received);
            LOG.infof("%s: every byte was stored but its completion never began; completing it now", current.id);
            return Optional.of(current);
        } catch (SmidgenException e) {
            return Optional.empty(); // another request has the session: it finishes it
        }
    }

    /**
     * Whether {@code session} is completing without an ingest task for longer than a live request
     * takes to create one (a lock timeout): its request died between the two.
     */
    public boolean isStuck(UploadSessionEntity session) {
        return session.status == UploadStatus.COMPLETING
                && session.taskId == null
                && session.updated != null
                && session.updated.isBefore(Instant.now().minus(config.lockTimeout()));
    }

    /** Creates the missing ingest task of a stuck session ({@link #isStuck}); empty when it is not stuck. */
    public Optional<TaskEntity> retryHandOver(UploadSessionEntity session) {
        return isStuck(session) ? Optional.of(completion.retryHandOver(session)) : Optional.empty();
    }

    /** {@link #resume}, then the ingest task without waiting for it (the janitor's way). */
    public Optional<TaskEntity> resumeInBackground(UploadSessionEntity session) {
        return resume(session).map(current -> completion.handOver(current, current.originalFilename, null));
    }
}
