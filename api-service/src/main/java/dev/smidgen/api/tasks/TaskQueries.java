package dev.smidgen.api.tasks;

import dev.smidgen.catalog.tasks.TaskRepository;
import dev.smidgen.model.ApiGeneration;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.web.http.PageRequest;
import dev.smidgen.web.tasks.TaskView;
import dev.smidgen.web.tasks.TaskViews;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Task lists, always scoped to the asking project; one task is read by {@link TaskViews}. */
@ApplicationScoped
public class TaskQueries {
    @Inject
    TaskRepository tasks;

    @Inject
    TaskViews views;

    /**
     * A page of the 2025-08-20 generation's tasks, newest first, optionally filtered by kind and
     * status. The jobs generation's steps are not listed: they belong to their jobs (docs/api/jobs.md);
     * nor are the segment children of a split conversion, which are internal (its task stands for them).
     */
    @Transactional
    public Page page(String projectId, String kind, String status, PageRequest page) {
        StringBuilder where =
                new StringBuilder("projectId = :project and generation = :generation and segmentOf is null");
        Map<String, Object> params = new HashMap<>(Map.of("project", projectId, "generation", ApiGeneration.FILES));
        if (kind != null) {
            where.append(" and kind = :kind");
            params.put("kind", TaskKind.fromWire(kind));
        }
        if (status != null) {
            where.append(" and status = :status");
            params.put("status", TaskStatus.fromWire(status));
        }
        var query = tasks.find(where.toString(), Sort.descending("created", "id"), params);
        long total = query.count();
        List<TaskView> items = query.range(page.offset(), page.offset() + page.limit() - 1).list().stream()
                .map(views::view)
                .toList();
        return new Page(items, total);
    }

    /** One page of task views and the total across all pages. */
    public record Page(List<TaskView> items, long total) {}
}
