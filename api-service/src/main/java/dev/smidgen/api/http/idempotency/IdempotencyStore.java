package dev.smidgen.api.http.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code idempotency_keys} table. Every call is its own short transaction, committed before
 * the resource runs or after it answered, so other requests see a claim at once and no claim
 * ever rides along with (or rolls back with) the resource's own writes.
 */
@ApplicationScoped
public class IdempotencyStore {
    /** How long a key and its response are kept (24 hours, docs/api/contract.md#idempotency). */
    public static final Duration LIFETIME = Duration.ofHours(24);

    @Inject
    EntityManager em;

    /** A key held by one request, named by its request id so only that request can finish it. */
    public record Claim(String projectId, IdempotencyKey key, String requestId) {}

    /**
     * Claims a key for a new request; false when another request holds or used it. An expired
     * key, or a claim older than {@code abandonedAfter} that never finished (its instance died
     * mid-request), is taken over instead of blocking the key until the purge.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean claim(Claim claim, RequestFingerprint request, Duration abandonedAfter) {
        em.createNativeQuery("""
                DELETE FROM idempotency_keys
                 WHERE project_id = ?1 AND key = ?2
                   AND (created < now() - make_interval(secs => ?3)
                     OR (status IS NULL AND created < now() - make_interval(secs => ?4)))
                """)
                .setParameter(1, claim.projectId())
                .setParameter(2, claim.key().value())
                .setParameter(3, seconds(LIFETIME))
                .setParameter(4, seconds(abandonedAfter))
                .executeUpdate();
        // The primary key settles races: of two requests with the same key, one inserts.
        return em.createNativeQuery("""
                INSERT INTO idempotency_keys (project_id, key, request_id, method, path, request_hash, created)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, now())
                ON CONFLICT (project_id, key) DO NOTHING
                """)
                        .setParameter(1, claim.projectId())
                        .setParameter(2, claim.key().value())
                        .setParameter(3, claim.requestId())
                        .setParameter(4, request.method())
                        .setParameter(5, request.path())
                        .setParameter(6, request.bodyHash())
                        .executeUpdate()
                == 1;
    }

    /** What the key stands for in the project, if anything. */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<IdempotencyRecord> find(String projectId, IdempotencyKey key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT method, path, request_hash, status, content_type, body
                  FROM idempotency_keys WHERE project_id = ?1 AND key = ?2
                """)
                .setParameter(1, projectId)
                .setParameter(2, key.value())
                .getResultList();
        return rows.stream()
                .findFirst()
                .map(row -> new IdempotencyRecord(
                        new RequestFingerprint((String) row[0], (String) row[1], (String) row[2]),
                        row[3] == null
                                ? null
                                : new StoredResponse(((Number) row[3]).intValue(), (String) row[4], (byte[]) row[5])));
    }

    /** Stores the response of a claimed request, to be replayed from now on. */
    @Transactional(TxType.REQUIRES_NEW)
    public void complete(Claim claim, StoredResponse response) {
        em.createNativeQuery("""
                UPDATE idempotency_keys SET status = ?4, content_type = NULLIF(?5, ''), body = ?6, completed = now()
                 WHERE project_id = ?1 AND key = ?2 AND request_id = ?3 AND status IS NULL
                """)
                .setParameter(1, claim.projectId())
                .setParameter(2, claim.key().value())
                .setParameter(3, claim.requestId())
                // A typeless null parameter is ambiguous to PostgreSQL; '' stands for "no Content-Type".
                .setParameter(4, response.status())
                .setParameter(5, response.contentType() == null ? "" : response.contentType())
                .setParameter(6, response.body())
                .executeUpdate();
    }

    /** Frees a claimed key without storing anything, so the client may retry with it. */
    @Transactional(TxType.REQUIRES_NEW)
    public void release(Claim claim) {
        em.createNativeQuery("""
                DELETE FROM idempotency_keys
                 WHERE project_id = ?1 AND key = ?2 AND request_id = ?3 AND status IS NULL
                """)
                .setParameter(1, claim.projectId())
                .setParameter(2, claim.key().value())
                .setParameter(3, claim.requestId())
                .executeUpdate();
    }

    /** Deletes keys older than {@link #LIFETIME}; returns how many. */
    @Transactional(TxType.REQUIRES_NEW)
    public int purgeExpired() {
        return em.createNativeQuery("DELETE FROM idempotency_keys WHERE created < now() - make_interval(secs => ?1)")
                .setParameter(1, seconds(LIFETIME))
                .executeUpdate();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
