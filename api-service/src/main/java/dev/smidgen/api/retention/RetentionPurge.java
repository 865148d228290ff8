package dev.smidgen.api.retention;

import dev.smidgen.catalog.storage.BlobStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Removes for good what was soft-deleted longer than {@code smidgen.retention} ago: the objects
 * first, then the rows, a batch at a time. Rows are locked with SKIP LOCKED so several api
 * replicas purge side by side; an object whose delete fails keeps its row for the next run.
 */
@ApplicationScoped
public class RetentionPurge {
    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    private static final int BATCH = 200;

    @Inject
    EntityManager em;

    @Inject
    BlobStore blobs;

    @Inject
    RetentionPurge self;

    @ConfigProperty(name = "smidgen.retention", defaultValue = "24h")
    Duration retention;

    @Scheduled(
            every = "${smidgen.purge-interval:10m}",
            delayed = "${smidgen.purge-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void purge() {
        int files;
        do {
            files = self.purgeFiles();
        } while (files == BATCH);
        int media = self.purgeMedia();
        if (files + media > 0) {
            LOG.infof("Purged %d files and %d media items deleted more than %s ago", files, media, retention);
        }
    }

    /** Files deleted long enough ago, or belonging to media deleted long enough ago. */
    @Transactional
    int purgeFiles() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT f.id, f.storage_key, f.package_prefix FROM files f LEFT JOIN media m ON m.id = f.media_id
                 WHERE (f.deleted < now() - make_interval(secs => ?1))
                    OR (m.deleted < now() - make_interval(secs => ?1))
                 LIMIT ?2 FOR UPDATE OF f SKIP LOCKED
                """)
                .setParameter(1, (double) retention.toSeconds())
                .setParameter(2, BATCH)
                .getResultList();
        int purged = 0;
        for (Object[] row : rows) {
            blobs.delete((String) row[1]);
            if (row[2] != null) {
                // A package (an HLS ladder): every object under its prefix goes with it.
                blobs.deleteAll((String) row[2]);
            }
            em.createNativeQuery("DELETE FROM files WHERE id = ?1")
                    .setParameter(1, row[0])
                    .executeUpdate();
            purged++;
        }
        return purged;
    }

    /** Media rows deleted long enough ago whose files are all gone. */
    @Transactional
    int purgeMedia() {
        return em.createNativeQuery("""
                DELETE FROM media WHERE id IN (
                  SELECT m.id FROM media m
                   WHERE m.deleted < now() - make_interval(secs => ?1)
                     AND NOT EXISTS (SELECT 1 FROM files f WHERE f.media_id = m.id)
                   LIMIT ?2 FOR UPDATE SKIP LOCKED)
                """)
                .setParameter(1, (double) retention.toSeconds())
                .setParameter(2, BATCH)
                .executeUpdate();
    }
}
