package dev.smidgen.catalog.jobs;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskRepository;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<JobEntity, String> {
    @Inject
    TaskRepository tasks;

    public Optional<JobEntity> findInProject(String projectId, String id) {
        return find("projectId = ?1 and id = ?2", projectId, id).firstResultOptional();
    }

    /** One page and whether more follow in its direction. */
    public record Page(List<JobEntity> jobs, boolean hasMore) {}

    /**
     * A page of the project's jobs in {@code (created, id)} order, ascending or descending, after or
     * before the job {@code cursorId} (which must be the project's), or from the start.
     *
     * @param after true: the items that follow the cursor in this order; false: those that precede it
     */
    public Page page(String projectId, boolean ascending, String cursorId, boolean after, int limit) {
        String filter = "projectId = ?1";
        Object[] params = {projectId};
        // Walking backwards (before the cursor) reads in the opposite order, then turns the page round.
        boolean readAscending = after || cursorId == null ? ascending : !ascending;
        if (cursorId != null) {
            JobEntity cursor = findInProject(projectId, cursorId).orElse(null);
            if (cursor == null) {
                return null;
            }
            String op = readAscending ? ">" : "<";
            filter += " and (created " + op + " ?2 or (created = ?2 and id " + op + " ?3))";
            params = new Object[] {projectId, cursor.created, cursor.id};
        }
        Sort sort = readAscending ? Sort.ascending("created", "id") : Sort.descending("created", "id");
        List<JobEntity> rows =
                new ArrayList<>(find(filter, sort, params).page(0, limit + 1).list());
        boolean more = rows.size() > limit;
        if (more) {
            rows.remove(limit);
        }
        if (readAscending != ascending) {
            Collections.reverse(rows);
        }
        return new Page(rows, more);
    }

    /** The steps of each of {@code jobIds}, in the order they were created. */
    public Map<String, List<TaskEntity>> stepsOf(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        return tasks.list("jobId in ?1", Sort.ascending("created", "id"), jobIds).stream()
                .collect(Collectors.groupingBy(t -> t.jobId, Collectors.toList()));
    }
}
