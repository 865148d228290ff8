package dev.smidgen.catalog.uploads;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Upload session rows. */
@ApplicationScoped
public class UploadSessionRepository implements PanacheRepositoryBase<UploadSessionEntity, String> {
    public Optional<UploadSessionEntity> findInProject(String projectId, String id) {
        return find("projectId = ?1 and id = ?2", projectId, id).firstResultOptional();
    }

    /** Records a stored part or chunk; sending the same number again replaces the earlier one. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordPiece(String sessionId, String kind, int number, long size, String etag, String storageKey) {
        getEntityManager()
                .createNativeQuery("""
                INSERT INTO upload_parts (session_id, kind, number, size, etag, storage_key, created)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, now())
                ON CONFLICT (session_id, kind, number) DO UPDATE
                   SET size = excluded.size, etag = excluded.etag, storage_key = excluded.storage_key, created = now()
                """)
                .setParameter(1, sessionId)
                .setParameter(2, kind)
                .setParameter(3, number)
                .setParameter(4, size)
                .setParameter(5, etag)
                .setParameter(6, storageKey)
                .executeUpdate();
    }

    /**
     * Records a chunk only while its session is open. The row lock taken here makes a completion
     * (which moves the session out of {@code open}) wait for chunks being recorded, so a chunk is
     * either in the assembled file or refused.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean recordChunkIfOpen(String sessionId, int index, long size, String etag, String storageKey) {
        List<?> open = getEntityManager()
                .createNativeQuery("SELECT 1 FROM upload_sessions WHERE id = ?1 AND status = 'open' FOR SHARE")
                .setParameter(1, sessionId)
                .getResultList();
        if (open.isEmpty()) {
            return false;
        }
        recordPiece(sessionId, UploadPartEntity.CHUNK, index, size, etag, storageKey);
        return true;
    }

    /** Forgets a session's parts or chunks (after assembly, or when it is swept). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void deletePieces(String sessionId, String kind) {
        getEntityManager()
                .createQuery("delete from UploadPartEntity where sessionId = ?1 and kind = ?2")
                .setParameter(1, sessionId)
                .setParameter(2, kind)
                .executeUpdate();
    }

    /** Bytes in a session's chunks other than {@code index}: what the file holds besides a chunk being replaced. */
    public long chunkBytesExcept(String sessionId, int index) {
        return getEntityManager()
                .createQuery(
                        "select coalesce(sum(size), 0) from UploadPartEntity where sessionId = ?1 and kind = ?2 and number <> ?3",
                        Long.class)
                .setParameter(1, sessionId)
                .setParameter(2, UploadPartEntity.CHUNK)
                .setParameter(3, index)
                .getSingleResult();
    }

    /** Parts or chunks of a session, in number order. */
    public List<UploadPartEntity> pieces(String sessionId, String kind) {
        return getEntityManager()
                .createQuery(
                        "from UploadPartEntity where sessionId = ?1 and kind = ?2 order by number",
                        UploadPartEntity.class)
                .setParameter(1, sessionId)
                .setParameter(2, kind)
                .getResultList();
    }
}
