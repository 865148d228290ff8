package dev.smidgen.upload.storage;

import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.upload.sessions.SessionLock;
import dev.smidgen.upload.sessions.SessionWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;

/**
 * The steps every offset protocol (simple form posts, {@code Content-Range} PUTs, tus) takes around
 * {@link OffsetWriter}: append keeping no bytes of a file that broke a rule, and, once the last
 * byte is in, join the parts and move the session to {@code completing}.
 */
@ApplicationScoped
public class OffsetUpload {
    @Inject
    OffsetWriter writer;

    @Inject
    SessionStorage storage;

    @Inject
    SessionWrites writes;

    /** Appends at the session's offset; a too-large or empty file discards what the session stored. */
    public OffsetWriter.Written append(
            UploadSessionEntity session,
            SessionLock.Held lock,
            InputStream body,
            OffsetStorage.Body shape,
            OffsetWriter.BodyCheck check) {
        try {
            return writer.append(session, lock, body, shape, check);
        } catch (SmidgenException e) {
            if (e.code() == ErrorCode.FILE_TOO_LARGE || e.code() == ErrorCode.UNSUPPORTED_MEDIA) {
                storage.reset(session);
            }
            throw e;
        }
    }

    /** Joins the stored parts and marks the session completing, still under the lock. */
    public void finish(UploadSessionEntity session, long size) {
        session.received = size;
        writer.assemble(session);
        if (!writes.startCompleting(session.id)) {
            throw new SmidgenException(ErrorCode.CONFLICT, "This upload is already being completed.");
        }
    }
}
