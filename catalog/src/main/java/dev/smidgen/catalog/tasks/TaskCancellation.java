package dev.smidgen.catalog.tasks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;

/**
 * Cancels unfinished tasks and, with them, the tasks waiting on them. One UPDATE per generation of
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
            ids = cancelled.isEmpty()
                    ? List.of()
                    : em.createNativeQuery("SELECT id FROM tasks WHERE parent_id = ANY (?1) AND status = 'waiting'")
                            .setParameter(1, cancelled.toArray(String[]::new))
                            .getResultList();
        }
        return changed;
    }
}
