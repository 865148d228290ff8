package dev.smidgen.catalog.webhooks;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Webhook attempts (one row per event and URL), always read within the asking project. */
@ApplicationScoped
public class WebhookDispatchRepository implements PanacheRepositoryBase<WebhookDispatchEntity, String> {
    public Optional<WebhookDispatchEntity> findInProject(String projectId, String id) {
        return find("projectId = ?1 and id = ?2", projectId, id).firstResultOptional();
    }
}
