package dev.smidgen.runtime;

import dev.smidgen.catalog.storage.BlobStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes the object a failed task leaves (its download, its output), and when storage refuses —
 * the outage that often failed the task in the first place — keeps the key in {@code
 * object_deletions} and retries it on a schedule, so no outage leaves an object nobody owns. A key
 * that a live file has taken meanwhile (the same path ingested again) is dropped, not deleted.
 */
@ApplicationScoped
public class DeferredDeletions {
    private static final Logger LOG = Logger.getLogger(DeferredDeletions.class);
    private static final int BATCH = 100;

    @Inject
    BlobStore blobs;

    @Inject
    EntityManager em;

    /**
     * Deletes {@code key} now, or records it for {@link #retry} when storage refuses. A key ending in
     * {@code /} is a package's prefix: every object under it goes.
     */
    public void delete(String taskId, String key) {
        try {
            deleteNow(key);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "%s: could not delete %s after the failure (%s); it is retried later", taskId, key, e.getMessage());
            try {
                QuarkusTransaction.requiringNew()
                        .run(() -> em.createNativeQuery("""
                                INSERT INTO object_deletions (storage_key, task_id, created, last_error)
                                VALUES (?1, ?2, now(), ?3) ON CONFLICT (storage_key) DO NOTHING
                                """)
                                .setParameter(1, key)
                                .setParameter(2, taskId)
                                .setParameter(3, e.getMessage())
                                .executeUpdate());
            } catch (RuntimeException recordFailed) {
                // The database is down too: nothing durable is left to do but say what to remove.
                LOG.errorf(
                        recordFailed,
                        "%s: could not record %s for a later delete; it must be removed by hand",
                        taskId,
                        key);
            }
        }
    }

    private void deleteNow(String key) {
        if (key.endsWith("/")) {
            blobs.deleteAll(key);
        } else {
            blobs.delete(key);
        }
    }

    /**
     * Retries the recorded deletes; several workers share them (SKIP LOCKED). The workers call it from
     * their periodic orphan sweep: an empty table costs one index look.
     */
    public void retry() {
        try {
            QuarkusTransaction.requiringNew().run(this::retryBatch);
        } catch (RuntimeException e) {
            LOG.debugf("Deferred deletes not retried this time: %s", e.getMessage());
        }
    }

    private void retryBatch() {
        @SuppressWarnings("unchecked")
        List<String> keys = em.createNativeQuery("""
                SELECT storage_key FROM object_deletions ORDER BY created LIMIT ?1 FOR UPDATE SKIP LOCKED
                """).setParameter(1, BATCH).getResultList();
        for (String key : keys) {
            Number owners = (Number)
                    em.createNativeQuery("SELECT count(*) FROM files WHERE storage_key = ?1 AND deleted IS NULL")
                            .setParameter(1, key)
                            .getSingleResult();
            try {
                if (owners.longValue() == 0) {
                    deleteNow(key);
                    LOG.infof("Deleted %s, left by a failed task while storage refused", key);
                }
                em.createNativeQuery("DELETE FROM object_deletions WHERE storage_key = ?1")
                        .setParameter(1, key)
                        .executeUpdate();
            } catch (RuntimeException e) {
                em.createNativeQuery(
                                "UPDATE object_deletions SET attempts = attempts + 1, last_error = ?2 WHERE storage_key = ?1")
                        .setParameter(1, key)
                        .setParameter(2, e.getMessage())
                        .executeUpdate();
            }
        }
    }
}
