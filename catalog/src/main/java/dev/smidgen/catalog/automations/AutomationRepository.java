package dev.smidgen.catalog.automations;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Automations, always read within the asking project. */
@ApplicationScoped
public class AutomationRepository implements PanacheRepositoryBase<AutomationEntity, String> {
    public Optional<AutomationEntity> findInProject(String projectId, String id) {
        return find("projectId = ?1 and id = ?2", projectId, id).firstResultOptional();
    }

    /** The enabled automations of a project, oldest first: the order they fire in. */
    public List<AutomationEntity> listEnabled(String projectId) {
        return list("projectId = ?1 and enabled = true order by created, id", projectId);
    }
}
