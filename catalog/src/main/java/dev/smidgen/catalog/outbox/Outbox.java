package dev.smidgen.catalog.outbox;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.TaskAnnouncement;
import dev.smidgen.model.tracing.Telemetry;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Appends outbox rows. Callers must already be in the transaction that writes the domain rows. */
@ApplicationScoped
public class Outbox implements PanacheRepositoryBase<OutboxEntity, Long> {
    /** Queues the announcement of a new task for its workers' topic. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announce(TaskEntity task) {
        OutboxEntity row = new OutboxEntity();
        row.topic = task.kind.topic();
        row.key = task.id;
        row.payload = new TaskAnnouncement(task.id, task.projectId, task.kind).toJson();
        row.created = Instant.now();
        // The task's own trace, which is the current one when a request or a worker creates it.
        row.traceParent = task.traceParent != null ? task.traceParent : Telemetry.currentTraceparent();
        persist(row);
    }
}
