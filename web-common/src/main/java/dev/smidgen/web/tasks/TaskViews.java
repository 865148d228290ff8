package dev.smidgen.web.tasks;

import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskRepository;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.web.files.FileUrls;
import dev.smidgen.web.files.FileView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Reads one task as the public services show it, always scoped to the asking project. */
@ApplicationScoped
public class TaskViews {
    @Inject
    TaskRepository tasks;

    @Inject
    FileRepository files;

    @Inject
    FileUrls urls;

    /** A task as it is committed right now (a fresh transaction, so waiting callers see workers' writes). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public TaskView view(String projectId, String id) {
        // A split conversion's segment children are internal: only their parent is a task of the API.
        TaskEntity task = tasks.findInProject(projectId, Ids.canonicalTaskId(id))
                .filter(t -> t.segmentOf == null)
                .orElseThrow(() -> SmidgenException.notFound("Task"));
        return view(task);
    }

    public TaskView view(TaskEntity task) {
        FileView output = null;
        if (task.status == TaskStatus.COMPLETED) {
            output = files.findLive(task.projectId, task.fileId)
                    .map(f -> new FileView(f, urls.of(f)))
                    .orElse(null);
        }
        return new TaskView(task, output);
    }
}
