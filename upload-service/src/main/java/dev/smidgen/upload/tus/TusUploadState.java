package dev.smidgen.upload.tus;

import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.upload.sessions.SessionAccess;
import java.time.Instant;

/**
 * Which sessions are a tus upload at {@code /tus/{id}}, and what tus answers for the others: a
 * session that was never created through tus, or was terminated, is not there (404); an expired one
 * is gone (410); the rest follow the upload URL's own rules.
 */
final class TusUploadState {
    static final String PROTOCOL = "tus";

    private TusUploadState() {}

    /** The session is the upload {@code id} names and was created through tus, whatever its state now. */
    static void requireTusUpload(UploadSessionEntity session, String id) {
        if (!session.id.equals(id) || !PROTOCOL.equals(session.protocol)) {
            throw new SmidgenException(
                    ErrorCode.NOT_FOUND, "No tus upload here; create one with POST /tus?key=... first.");
        }
        switch (session.status) {
            case CANCELLED -> throw new SmidgenException(ErrorCode.NOT_FOUND, "This upload was terminated.");
            case EXPIRED -> throw new SmidgenException(ErrorCode.UPLOAD_EXPIRED, "This upload session has expired.");
            case OPEN -> {
                if (!session.expires.isAfter(Instant.now())) {
                    throw new SmidgenException(
                            ErrorCode.UPLOAD_EXPIRED, "This upload session expired at " + session.expires + ".");
                }
            }
            default -> {
                // completing, completed, failed: readable; writers are refused by requireWritable
            }
        }
    }

    /** The tus upload still takes bytes (or its termination). */
    static void requireWritable(UploadSessionEntity session, String id) {
        requireTusUpload(session, id);
        SessionAccess.requireOpen(session);
    }

    /** Every byte is stored: the upload is completing or completed, so HEAD reports it whole. */
    static boolean hasAllBytes(UploadSessionEntity session) {
        return session.status == UploadStatus.COMPLETING || session.status == UploadStatus.COMPLETED;
    }
}
