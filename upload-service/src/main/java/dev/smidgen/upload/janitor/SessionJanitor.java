package dev.smidgen.upload.janitor;

import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadSessionRepository;
import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.upload.completion.InterruptedCompletions;
import dev.smidgen.upload.sessions.SessionLock;
import dev.smidgen.upload.sessions.SessionWrites;
import dev.smidgen.upload.storage.SessionStorage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Ends sessions nobody will finish, and finishes those whose request died on the way: open sessions
 * past their expiry lose their bytes (the staged file on the filesystem store, and on S3 the
 * unfinished multipart uploads, which cost storage without showing up as objects); an upload whose
 * every byte is stored but whose completion never began, or never reached an ingest task (the
 * database or the replica died in between), is handed to ingest. Every replica runs it; the session
 * lock, and the handover's own check, make sure one of them handles each session.
 */
@ApplicationScoped
public class SessionJanitor {
    private static final Logger LOG = Logger.getLogger(SessionJanitor.class);
    private static final int BATCH = 100;

    @Inject
    UploadSessionRepository sessions;

    @Inject
    SessionLock locks;

    @Inject
    SessionWrites writes;

    @Inject
    SessionStorage storage;

    @Inject
    InterruptedCompletions interruptedCompletions;

    @Inject
    UploadConfig config;

    @Scheduled(
            every = "${smidgen.uploads.janitor-interval}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        for (UploadSessionEntity session : expired()) {
            try (SessionLock.Held lock = locks.acquire(session.id)) {
                storage.discard(session);
                writes.close(session.id, UploadStatus.EXPIRED, null, null);
                LOG.infof("%s: expired at %s; its stored bytes were removed", session.id, session.expires);
            } catch (SmidgenException e) {
                LOG.debugf("%s: not swept this time (%s)", session.id, e.getMessage());
            }
        }
        for (UploadSessionEntity session : interrupted()) {
            try {
                interruptedCompletions
                        .resumeInBackground(session)
                        .ifPresent(task ->
                                LOG.infof("%s: interrupted completion handed to ingest as %s", session.id, task.id));
            } catch (SmidgenException e) {
                LOG.warnf("%s: could not complete the interrupted upload this time (%s)", session.id, e.getMessage());
            }
        }
        for (UploadSessionEntity session : stuck()) {
            try {
                interruptedCompletions.retryHandOver(session);
            } catch (RuntimeException e) {
                LOG.warnf(
                        "%s: could not hand the completed upload to ingest this time (%s)", session.id, e.getMessage());
            }
        }
    }

    private List<UploadSessionEntity> expired() {
        return QuarkusTransaction.requiringNew()
                .call(() -> sessions.find(
                                "status = ?1 and expires < ?2 order by expires", UploadStatus.OPEN, Instant.now())
                        .page(0, BATCH)
                        .list());
    }

    /**
     * Open sessions with every declared byte stored and no request writing to them for a lock timeout:
     * their completion never began ({@link InterruptedCompletions}). A live final request renews its
     * lock, and a client that resumes by itself within the lock timeout gets there first.
     */
    private List<UploadSessionEntity> interrupted() {
        return QuarkusTransaction.requiringNew()
                .call(() -> sessions.find(
                                "status = ?1 and declaredLength > 0 and received = declaredLength and updated < ?2"
                                        + " and (lockExpires is null or lockExpires < ?3)",
                                UploadStatus.OPEN,
                                Instant.now().minus(config.lockTimeout()),
                                Instant.now())
                        .page(0, BATCH)
                        .list());
    }

    /**
     * Completing sessions whose request died before it created the ingest task (the database or the
     * replica was down): a live one creates it a moment after the session became completing.
     */
    private List<UploadSessionEntity> stuck() {
        return QuarkusTransaction.requiringNew()
                .call(() -> sessions.find(
                                "status = ?1 and taskId is null and updated < ?2",
                                UploadStatus.COMPLETING,
                                Instant.now().minus(config.lockTimeout()))
                        .page(0, BATCH)
                        .list());
    }
}
