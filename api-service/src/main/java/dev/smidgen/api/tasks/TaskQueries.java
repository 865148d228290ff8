package dev.smidgen.api.tasks;

import dev.smidgen.api.files.FileUrls;
import dev.smidgen.api.files.FileView;
import dev.smidgen.api.http.PageRequest;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskRepository;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/** Read side of tasks, always scoped to the asking project. */
@ApplicationScoped
public class TaskQueries {
    @Inject
    TaskRepository tasks;
    @Inject
    FileRepository files;
    @Inject
    FileUrls urls;

    /** A task as it is committed right now (a fresh transaction, so waiting callers see workers' writes). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public TaskView view(String projectId, String id) {
        TaskEntity task = tasks.findInProject(projectId, Ids.canonicalTaskId(id))
                .orElseThrow(() -> SmidgenException.notFound("Task"));
        return view(task);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean isFinished(String id) {
        TaskEntity task = tasks.findById(id);
        return task != null && TaskStatus.fromWire(task.status).isFinal();
    }

    public TaskView view(TaskEntity task) {
        FileView output = null;
        if (TaskStatus.COMPLETED.wire().equals(task.status)) {
            output = files.findLive(task.projectId, task.fileId).map(f -> new FileView(f, urls.of(f))).orElse(null);
        }
        return new TaskView(task, output);
    }

    /** A page of tasks, newest first, optionally filtered by kind and status. */
    @Transactional
    public Page page(String projectId, String kind, String status, PageRequest page) {
        StringBuilder where = new StringBuilder("projectId = :project");
        Parameters params = Parameters.with("project", projectId);
        if (kind != null) {
            where.append(" and kind = :kind");
            params.and("kind", TaskKind.fromWire(kind).wire());
        }
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", TaskStatus.fromWire(status).wire());
        }
        var query = tasks.find(where.toString(), Sort.descending("created", "id"), params);
        long total = query.count();
        List<TaskView> items = query.range(page.offset(), page.offset() + page.limit() - 1).list()
                .stream().map(this::view).toList();
        return new Page(items, total);
    }

    /** One page of task views and the total across all pages. */
    public record Page(List<TaskView> items, long total) {
    }
}
