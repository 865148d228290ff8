package dev.smidgen.catalog.tasks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;

/**
 * Cancels unfinished tasks and, with them, the tasks waiting on them and the segment children of a split
 * conversion (docs/adr/0013-segment-child-tasks.md), whose stored pieces are queued for deletion. One
 * UPDATE per generation of
 * children: the V15 trigger then notifies {@code smidgen_task_finished} with each cancelled id, which
 * a worker running one of them hears and stops at once (task-runtime's {@code ClaimedTaskRunner}).
 * Nothing is journaled here: the caller journals the event its cancel means (a job's, for one).
 */
@ApplicationScoped
public class TaskCancellation {
    @Inject
    EntityManager em;

    /**
     * Cancels those of {@code taskIds} that are waiting, pending or processing, and every waiting
     * task that depends on one of them; returns how many rows changed (children included).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public int cancel(Collection<String> taskIds) {
        int changed = 0;
        List<String> ids = List.copyOf(taskIds);
        while (!ids.isEmpty()) {
            List<String> cancelled = em.createNativeQuery("""
                    UPDATE tasks SET status = 'cancelled', lease_owner = NULL, lease_expires = NULL,
                           finished = now(), updated = now()
                     WHERE id = ANY (?1) AND status IN ('waiting', 'pending', 'processing')
                    RETURNING id
                    """)
                    .setParameter(1, ids.toArray(String[]::new))
                    .getResultList();
            changed += cancelled.size();
            if (cancelled.isEmpty()) {
                break;
            }
            String[] done = cancelled.toArray(String[]::new);
            // The pieces a split conversion's children stored: the workers' sweep deletes them (a child
            // still uploading when it is stopped deletes its own piece once the upload is over).
            em.createNativeQuery("""
                    INSERT INTO object_deletions (storage_key, task_id, created)
                    SELECT p.project_id || '/.segments/' || p.id || '/', p.id, now() FROM tasks p
                     WHERE p.id = ANY (?1) AND EXISTS (SELECT 1 FROM tasks c WHERE c.segment_of = p.id)
                    ON CONFLICT (storage_key) DO NOTHING
                    """).setParameter(1, done).executeUpdate();
            ids = em.createNativeQuery("""
                    SELECT id FROM tasks
                     WHERE (parent_id = ANY (?1) AND status = 'waiting')
                        OR (segment_of = ANY (?1) AND status IN ('pending', 'processing'))
                    """).setParameter(1, done).getResultList();
        }
        return changed;
    }
}
