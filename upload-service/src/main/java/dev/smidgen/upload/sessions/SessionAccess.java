package dev.smidgen.upload.sessions;

import dev.smidgen.catalog.projects.ProjectEntity;
import dev.smidgen.catalog.projects.ProjectRepository;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadSessionRepository;
import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.uploads.UploadToken;
import dev.smidgen.web.http.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Turns the {@code key} of an upload URL into its session. The token is the only credential an
 * upload request carries: it must be genuine (signed with the project's key), unexpired, and
 * name a session that still takes bytes.
 */
@ApplicationScoped
public class SessionAccess {
    @Inject
    UploadSessionRepository sessions;

    @Inject
    ProjectRepository projects;

    @Inject
    RequestContext ctx;

    /** The session a token opens, whatever its state (for status reads). */
    @Transactional
    public UploadSessionEntity find(String token) {
        if (token == null || token.isEmpty()) {
            throw new SmidgenException(ErrorCode.SIGNATURE_REQUIRED, "This upload URL needs its key parameter.", "key");
        }
        String sessionId = UploadToken.sessionId(token);
        UploadSessionEntity session = sessions.findById(sessionId);
        if (session == null) {
            throw new SmidgenException(ErrorCode.SIGNATURE_INVALID, "This upload URL is not valid.", "key");
        }
        ProjectEntity project = projects.findById(session.projectId);
        UploadToken.verify(token, sessionId, project.signingKey, Instant.now());
        ctx.authenticate(project); // the key stands in for an API key: responses carry the project in meta
        sessions.getEntityManager().detach(session);
        return session;
    }

    /**
     * The session's row as it is now, for a request that already checked its token with {@link #find}
     * and has since taken the session's lock: one read of the row, with nothing to check again.
     */
    @Transactional
    public UploadSessionEntity reload(UploadSessionEntity checked) {
        UploadSessionEntity session = sessions.findById(checked.id);
        if (session == null) {
            throw new SmidgenException(ErrorCode.SIGNATURE_INVALID, "This upload URL is not valid.", "key");
        }
        sessions.getEntityManager().detach(session);
        return session;
    }

    /** The session a token opens, which must still accept bytes or its completion. */
    @Transactional
    public UploadSessionEntity open(String token) {
        UploadSessionEntity session = find(token);
        requireOpen(session);
        return session;
    }

    /** Refuses a session that no longer takes bytes, saying why. */
    public static void requireOpen(UploadSessionEntity session) {
        UploadStatus status = session.status;
        switch (status) {
            case OPEN -> {
                if (session.expires.isBefore(Instant.now())) {
                    throw new SmidgenException(
                            ErrorCode.UPLOAD_EXPIRED, "This upload session expired at " + session.expires + ".");
                }
            }
            case COMPLETING ->
                throw new SmidgenException(ErrorCode.CONFLICT, "This upload is already being completed.");
            case COMPLETED ->
                throw new SmidgenException(
                        ErrorCode.CONFLICT,
                        "This upload is already complete (media " + session.mediaId
                                + "); create a new session for another file.");
            case FAILED ->
                throw new SmidgenException(
                        ErrorCode.CONFLICT,
                        "This upload failed (" + session.errorCode + "); create a new session to try again.");
            case EXPIRED -> throw new SmidgenException(ErrorCode.UPLOAD_EXPIRED, "This upload session has expired.");
            case CANCELLED ->
                throw new SmidgenException(ErrorCode.UPLOAD_EXPIRED, "This upload session was cancelled.");
        }
    }
}
