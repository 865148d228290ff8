package dev.smidgen.upload.sessions;

import dev.smidgen.catalog.projects.ProjectEntity;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadSessionRepository;
import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.uploads.UploadToken;
import dev.smidgen.web.http.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
    RequestContext ctx;

    private final VerifiedTokens verified = new VerifiedTokens(Clock.systemUTC());

    /**
     * The session a token opens, whatever its state (for status reads). The session and its project's
     * key come in one query; a token that verifies is remembered for {@link #recentlyVerified}.
     */
    @Transactional
    public UploadSessionEntity find(String token) {
        if (token == null || token.isEmpty()) {
            throw new SmidgenException(ErrorCode.SIGNATURE_REQUIRED, "This upload URL needs its key parameter.", "key");
        }
        String sessionId = UploadToken.sessionId(token);
        EntityManager em = sessions.getEntityManager();
        List<Object[]> rows = em.createQuery(
                        "select s, p from UploadSessionEntity s, ProjectEntity p where s.id = ?1 and p.id = s.projectId",
                        Object[].class)
                .setParameter(1, sessionId)
                .getResultList();
        if (rows.isEmpty()) {
            throw new SmidgenException(ErrorCode.SIGNATURE_INVALID, "This upload URL is not valid.", "key");
        }
        UploadSessionEntity session = (UploadSessionEntity) rows.get(0)[0];
        ProjectEntity project = (ProjectEntity) rows.get(0)[1];
        Instant expires = UploadToken.verify(token, sessionId, project.signingKey, Instant.now());
        em.detach(session);
        em.detach(project);
        verified.remember(token, sessionId, project, session.protocol, expires);
        ctx.authenticate(project); // the key stands in for an API key: responses carry the project in meta
        return session;
    }

    /**
     * The session id a token opens, without a query, when this replica verified that token within the
     * last minute (and it has not expired since) while its session was taking bytes by {@code protocol};
     * empty otherwise, and then {@link #find} checks it. It says nothing about the session's state now:
     * the caller must read the row (as taking its lock does) before acting on it.
     */
    public Optional<String> recentlyVerified(String token, String protocol) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return verified.lookup(token).filter(v -> protocol.equals(v.protocol())).map(v -> {
            ctx.authenticate(v.project());
            return v.sessionId();
        });
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
