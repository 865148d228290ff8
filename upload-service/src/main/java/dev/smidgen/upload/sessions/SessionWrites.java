package dev.smidgen.upload.sessions;

import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Changes to a session made by the request holding its lock. Progress is written only while the
 * lock is still held: a writer whose lock expired (it stalled for longer than the lock timeout) must
 * not overwrite the progress of the writer that took over. Status moves are conditional on the
 * status they leave.
 */
@ApplicationScoped
public class SessionWrites {
    @Inject
    EntityManager em;

    /** Fixes how the session's bytes arrive and where they go; set once, by its first bytes. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void begin(
            String sessionId, String owner, String protocol, Long declaredLength, Long partSize, String multipartId) {
        require(em.createNativeQuery("""
                UPDATE upload_sessions SET protocol = ?3, declared_length = ?4, part_size = ?5, multipart_id = ?6, updated = now()
                 WHERE id = ?1 AND lock_owner = ?2
                """)
                .setParameter(1, sessionId)
                .setParameter(2, owner)
                .setParameter(3, protocol)
                .setParameter(4, declaredLength)
                .setParameter(5, partSize)
                .setParameter(6, multipartId)
                .executeUpdate());
    }

    /**
     * Records how storage lays out the session's bytes (the S3 part size and multipart upload), when it
     * settles that only once the first bytes arrive.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void layout(String sessionId, String owner, Long partSize, String multipartId) {
        require(em.createNativeQuery("""
                UPDATE upload_sessions SET part_size = ?3, multipart_id = ?4, updated = now() WHERE id = ?1 AND lock_owner = ?2
                """)
                .setParameter(1, sessionId)
                .setParameter(2, owner)
                .setParameter(3, partSize)
                .setParameter(4, multipartId)
                .executeUpdate());
    }

    /** Records the client's name for the file (tus {@code Upload-Metadata} filename), kept for completion. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void originalFilename(String sessionId, String owner, String filename) {
        require(em.createNativeQuery("""
                UPDATE upload_sessions SET original_filename = ?3, updated = now() WHERE id = ?1 AND lock_owner = ?2
                """)
                .setParameter(1, sessionId)
                .setParameter(2, owner)
                .setParameter(3, filename)
                .executeUpdate());
    }

    /** Records how many bytes from offset 0 are now durably stored. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void advance(String sessionId, String owner, long received) {
        require(em.createNativeQuery("""
                UPDATE upload_sessions SET received = ?3, updated = now() WHERE id = ?1 AND lock_owner = ?2
                """)
                .setParameter(1, sessionId)
                .setParameter(2, owner)
                .setParameter(3, received)
                .executeUpdate());
    }

    /** Moves an open session to {@code completing}; false when another request got there first. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean startCompleting(String sessionId) {
        return em.createNativeQuery("""
                UPDATE upload_sessions SET status = 'completing', updated = now() WHERE id = ?1 AND status = 'open'
                """).setParameter(1, sessionId).executeUpdate() == 1;
    }

    /** Gives a session back to its client after a completion that could not start (bad part list, storage down). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void reopen(String sessionId) {
        em.createNativeQuery(
                        "UPDATE upload_sessions SET status = 'open', updated = now() WHERE id = ?1 AND status = 'completing'")
                .setParameter(1, sessionId)
                .executeUpdate();
    }

    /** Records the size of a chunked upload once its chunks are joined into one object. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void assembled(String sessionId, long size) {
        em.createNativeQuery("""
                UPDATE upload_sessions SET protocol = 'chunked', received = ?2, declared_length = ?2, updated = now() WHERE id = ?1
                """)
                .setParameter(1, sessionId)
                .setParameter(2, size)
                .executeUpdate();
    }

    /** Ends a session that will never complete (a rule it broke, or the client cancelled). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void close(String sessionId, UploadStatus status, String errorCode, String errorMessage) {
        em.createNativeQuery("""
                UPDATE upload_sessions SET status = ?2, error_code = ?3, error_message = ?4, lock_owner = NULL,
                       lock_expires = NULL, updated = now()
                 WHERE id = ?1 AND status IN ('open', 'completing')
                """)
                .setParameter(1, sessionId)
                .setParameter(2, status.wire())
                .setParameter(3, errorCode)
                .setParameter(4, errorMessage)
                .executeUpdate();
    }

    private static void require(int updated) {
        if (updated != 1) {
            throw takenOver();
        }
    }

    /** 409 for a writer whose lock expired and was taken by another request. */
    static SmidgenException takenOver() {
        return new SmidgenException(
                ErrorCode.CONFLICT, "This upload was taken over by another request; resume from its current offset.");
    }
}
