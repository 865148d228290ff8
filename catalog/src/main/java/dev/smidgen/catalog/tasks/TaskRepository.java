package dev.smidgen.catalog.tasks;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Task rows, always read within the asking project. */
@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<TaskEntity, String> {
    public Optional<TaskEntity> findInProject(String projectId, String id) {
        return find("projectId = ?1 and id = ?2", projectId, id).firstResultOptional();
    }
}
