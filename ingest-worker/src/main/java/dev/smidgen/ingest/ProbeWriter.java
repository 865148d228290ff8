package dev.smidgen.ingest;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskRepository;
import dev.smidgen.runtime.TaskAbandoned;
import dev.smidgen.runtime.TaskLeases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Map;

/** Records a probe step's result: the task completes with its File object as {@code output}, in one commit. */
@ApplicationScoped
public class ProbeWriter {
    @Inject
    TaskLeases leases;

    @Inject
    TaskRepository tasks;

    /**
     * Completes the task with {@code file} as its output. Throws {@link TaskAbandoned}, writing nothing,
     * when the task is no longer this worker's (taken over, or cancelled).
     */
    @Transactional
    public void complete(TaskEntity task, String owner, Map<String, Object> file) {
        if (!leases.complete(task.id, owner)) {
            throw new TaskAbandoned();
        }
        // Read after the UPDATE, so the row written back is the completed one.
        TaskEntity row = tasks.findById(task.id);
        row.output = file;
    }
}
