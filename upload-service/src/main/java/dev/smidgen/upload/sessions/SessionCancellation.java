package dev.smidgen.upload.sessions;

import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.upload.storage.SessionStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A client's cancellation of an unfinished upload (a {@code DELETE} of the upload URL or tus termination). */
@ApplicationScoped
public class SessionCancellation {
    @Inject
    SessionAccess access;

    @Inject
    SessionLock locks;

    @Inject
    SessionWrites writes;

    @Inject
    SessionStorage storage;

    /** Removes the session's stored bytes and closes it as cancelled; refuses a session that is not open. */
    public void cancel(String token) {
        UploadSessionEntity session = access.open(token);
        try (SessionLock.Held lock = locks.acquire(session.id)) {
            storage.discard(access.find(token));
            writes.close(session.id, UploadStatus.CANCELLED, null, null);
        }
    }
}
