package dev.smidgen.upload.janitor;

import dev.smidgen.catalog.storage.BlobStore;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Ends sessions nobody will finish: open sessions past their expiry, and completions that never
 * reached an ingest task (a replica that died in between). Their bytes are removed: the staged
 * file on the filesystem store, and on S3 the unfinished multipart uploads, which cost storage
 * without showing up as objects. Every replica runs it; the session lock makes sure one of them
 * handles each session.
 */
@ApplicationScoped
public class SessionJanitor {
    private static final Logger LOG = Logger.getLogger(SessionJanitor.class);
    private static final int BATCH = 100;
    /** A completion creates its task within seconds; one stuck this long lost its replica. */
    private static final Duration STUCK_COMPLETION = Duration.ofMinutes(10);

    @Inject
    UploadSessionRepository sessions;

    @Inject
    SessionLock locks;

    @Inject
    SessionWrites writes;

    @Inject
    SessionStorage storage;

    @Inject
    BlobStore blobs;

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
            storage.discard(session);
            blobs.delete(session.storageKey);
            writes.close(
                    session.id,
                    UploadStatus.FAILED,
                    "internal",
                    "The upload could not be handed to ingest; please upload again.");
            LOG.warnf("%s: completion never reached ingest; removed", session.id);
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

    private List<UploadSessionEntity> stuck() {
        return QuarkusTransaction.requiringNew()
                .call(() -> sessions.find(
                                "status = ?1 and taskId is null and updated < ?2",
                                UploadStatus.COMPLETING,
                                Instant.now().minus(STUCK_COMPLETION))
                        .page(0, BATCH)
                        .list());
    }
}
