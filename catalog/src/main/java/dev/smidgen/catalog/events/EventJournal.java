package dev.smidgen.catalog.events;

import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.webhooks.EventTopic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Records what happened, in the transaction that made it happen: the state change and its event
 * commit together or not at all. Each topic happens once to its subject (a unique index), so
 * recording it again (a retried worker, two code paths) is a no-op. api-service's dispatcher turns
 * the journal into webhook deliveries and automation tasks.
 */
@ApplicationScoped
public class EventJournal {
    @Inject
    EntityManager em;

    /** Journals {@code topic} about a task, in the caller's transaction; false if it was already recorded. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean recordForTask(String taskId, EventTopic topic) {
        return em.createNativeQuery("""
                INSERT INTO events (id, project_id, topic, subject_id, created)
                SELECT ?1, project_id, ?2, id, now() FROM tasks WHERE id = ?3
                ON CONFLICT (subject_id, topic) WHERE topic IN ('task.completed', 'task.failed', 'media.created') DO NOTHING
                """)
                        .setParameter(1, Ids.newId(IdPrefix.EVENT))
                        .setParameter(2, topic.wire())
                        .setParameter(3, taskId)
                        .executeUpdate()
                == 1;
    }

    /** Journals {@code topic} about any subject of a project, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean record(String projectId, EventTopic topic, String subjectId) {
        return em.createNativeQuery("""
                INSERT INTO events (id, project_id, topic, subject_id, created) VALUES (?1, ?2, ?3, ?4, now())
                ON CONFLICT (subject_id, topic) WHERE topic IN ('task.completed', 'task.failed', 'media.created') DO NOTHING
                """)
                        .setParameter(1, Ids.newId(IdPrefix.EVENT))
                        .setParameter(2, projectId)
                        .setParameter(3, topic.wire())
                        .setParameter(4, subjectId)
                        .executeUpdate()
                == 1;
    }
}
