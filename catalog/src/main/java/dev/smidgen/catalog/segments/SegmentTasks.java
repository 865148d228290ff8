package dev.smidgen.catalog.segments;

import dev.smidgen.catalog.events.EventJournal;
import dev.smidgen.catalog.jobs.JobSteps;
import dev.smidgen.catalog.outbox.Outbox;
import dev.smidgen.catalog.tasks.TaskCancellation;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskRepository;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.model.webhooks.EventTopic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The lifecycle of a split conversion (docs/adr/0013-segment-child-tasks.md) in the database. The worker
 * that claims a long conversion splits it: the children and the parent's release of its lease commit
 * together, so the parent then waits in {@code processing} without a lease, which neither a claim nor the
 * orphan sweep takes. The child whose completion is the last one releases the parent for its join (its
 * lease made claimable at once, and it is announced again); a child failing for good fails the parent and
 * cancels the other children. Every transition holds the parent's row lock, so two children finishing
 * at the same moment release it exactly once.
 */
@ApplicationScoped
public class SegmentTasks {
    /** The part of a split conversion's progress its children make; splitting and joining are the rest. */
    public static final double CHILDREN_SHARE = 0.95;

    @Inject
    EntityManager em;

    @Inject
    TaskRepository tasks;

    @Inject
    Outbox outbox;

    @Inject
    EventJournal events;

    @Inject
    JobSteps jobSteps;

    @Inject
    TaskCancellation cancellation;

    /**
     * Where the pieces of split conversion {@code parentId} are stored until its join, ending in '/'.
     * Outside every user folder (no folder starts with a dot), and one prefix to delete.
     */
    public static String prefix(String projectId, String parentId) {
        return projectId + "/.segments/" + parentId + "/";
    }

    /**
     * Splits {@code parent}, which {@code owner} holds: one pending child per piece, announced on the
     * parent's topic, and the parent's lease given up, in one commit. False (nothing written) when the
     * parent is no longer this owner's (cancelled, or taken over).
     */
    @Transactional
    public boolean split(TaskEntity parent, String owner, List<SegmentPiece> pieces) {
        boolean ours = em.createNativeQuery("""
                        UPDATE tasks SET lease_owner = NULL, lease_expires = NULL, progress = 0, updated = now()
                         WHERE id = ?1 AND lease_owner = ?2 AND status = 'processing'
                        """)
                        .setParameter(1, parent.id)
                        .setParameter(2, owner)
                        .executeUpdate()
                == 1;
        if (!ours) {
            return false;
        }
        Instant now = Instant.now();
        for (SegmentPiece piece : pieces) {
            TaskEntity child = new TaskEntity();
            child.id = Ids.newId(IdPrefix.TASK);
            child.projectId = parent.projectId;
            child.kind = parent.kind;
            child.status = TaskStatus.PENDING;
            child.generation = parent.generation;
            // The same input and options: a child reads the conversion it belongs to from its own row.
            child.input = new LinkedHashMap<>(parent.input);
            child.options = new LinkedHashMap<>(parent.options);
            child.mediaId = parent.mediaId;
            child.segmentOf = parent.id;
            child.segmentPiece(piece);
            child.created = now;
            child.updated = now;
            tasks.persist(child);
            outbox.announce(child);
        }
        return true;
    }

    /** The children of {@code parentId}, video ranges in order, then the audio track. */
    @Transactional
    public List<TaskEntity> children(String parentId) {
        return tasks.list("segmentOf = ?1", parentId).stream()
                .sorted((a, b) -> Integer.compare(order(a), order(b)))
                .toList();
    }

    /** Whether {@code parentId} was split and has finished (completed, failed or cancelled). */
    @Transactional
    public boolean finishedSplit(String parentId) {
        Number n = (Number) em.createNativeQuery("""
                        SELECT count(*) FROM tasks p
                         WHERE p.id = ?1 AND p.status IN ('completed', 'failed', 'cancelled')
                           AND EXISTS (SELECT 1 FROM tasks c WHERE c.segment_of = p.id)
                        """).setParameter(1, parentId).getSingleResult();
        return n.longValue() > 0;
    }

    private static int order(TaskEntity child) {
        SegmentPiece piece = child.segmentPiece();
        return piece.encodesAudio() ? Integer.MAX_VALUE : piece.index();
    }

    /**
     * Child {@code childId} of {@code parentId} completed (in this transaction): when no other child is
     * left, the parent is released for its join and announced. Returns whether this call released it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean childCompleted(String parentId) {
        lockParent(parentId);
        aggregateProgress(parentId);
        Number left = (Number)
                em.createNativeQuery("SELECT count(*) FROM tasks WHERE segment_of = ?1 AND status <> 'completed'")
                        .setParameter(1, parentId)
                        .getSingleResult();
        if (left.longValue() > 0) {
            return false;
        }
        // Claimable at once: the lease is set already expired. The join is a new unit of work, so the
        // attempts the split took do not count against it.
        boolean released = em.createNativeQuery("""
                        UPDATE tasks SET lease_expires = now(), attempts = 0, updated = now()
                         WHERE id = ?1 AND status = 'processing' AND lease_owner IS NULL AND lease_expires IS NULL
                        """).setParameter(1, parentId).executeUpdate() == 1;
        if (released) {
            outbox.announce(tasks.findById(parentId));
        }
        return released;
    }

    /**
     * A child of {@code parentId} failed for good with {@code code}: the parent fails with the same error
     * (its one {@code task.failed} event, its job's failure) and the other children are cancelled. Joins
     * the child's failing transaction. Returns whether the parent failed here (it may be finished already).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public boolean childFailed(String parentId, String code, String message) {
        lockParent(parentId);
        boolean failed = em.createNativeQuery("""
                        UPDATE tasks SET status = 'failed', finished = now(), updated = now(),
                               lease_owner = NULL, lease_expires = NULL, error_code = ?2, error_message = ?3
                         WHERE id = ?1 AND status = 'processing'
                        """)
                        .setParameter(1, parentId)
                        .setParameter(2, code)
                        .setParameter(3, message)
                        .executeUpdate()
                == 1;
        if (failed) {
            events.recordForTask(parentId, EventTopic.TASK_FAILED);
            jobSteps.stepFailed(parentId, code, message);
            List<String> siblings = em.createNativeQuery("SELECT id FROM tasks WHERE segment_of = ?1")
                    .setParameter(1, parentId)
                    .getResultList();
            cancellation.cancel(siblings);
        }
        return failed;
    }

    /**
     * Sets the parent's progress from its children's, each weighted by the media it encodes; the split
     * and the join are the rest (see {@link #CHILDREN_SHARE}). Never waits: while a transition holds the
     * parent's row (a cancel, a child finishing) this write is skipped; the next one catches up.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void aggregateProgress(String parentId) {
        em.createNativeQuery("""
                        UPDATE tasks p SET progress = ?2 * (
                               SELECT coalesce(sum(c.progress * (c.segment->>'weight')::float8)
                                               / nullif(sum((c.segment->>'weight')::float8), 0), 0)
                                 FROM tasks c WHERE c.segment_of = p.id)
                         WHERE p.id = (SELECT id FROM tasks WHERE id = ?1 FOR UPDATE SKIP LOCKED)
                           AND p.status = 'processing'
                        """)
                .setParameter(1, parentId)
                .setParameter(2, CHILDREN_SHARE)
                .executeUpdate();
    }

    /**
     * The split conversion task {@code taskId} is a child of, its row locked for the rest of the
     * transaction; null for any other task. Taken before the child's own row changes: a cancel locks the
     * parent, then its children, and the same order everywhere means no two transactions wait on each other.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public String lockParentOf(String taskId) {
        List<String> parent = em.createNativeQuery("""
                        SELECT p.id FROM tasks p WHERE p.id = (SELECT segment_of FROM tasks WHERE id = ?1) FOR UPDATE
                        """).setParameter(1, taskId).getResultList();
        return parent.isEmpty() ? null : parent.get(0);
    }

    private void lockParent(String parentId) {
        em.createNativeQuery("SELECT id FROM tasks WHERE id = ?1 FOR UPDATE")
                .setParameter(1, parentId)
                .getResultList();
    }
}
