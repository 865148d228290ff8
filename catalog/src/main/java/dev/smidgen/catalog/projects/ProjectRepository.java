package dev.smidgen.catalog.projects;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Projects, oldest first. */
@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<ProjectEntity, String> {
    public List<ProjectEntity> listOldestFirst() {
        return list("order by created, id");
    }
}
