package dev.smidgen.catalog.webhooks;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Webhook attempts (one row per event and URL), always read within the asking project. */
@ApplicationScoped
public class WebhookAttemptsRepository implements PanacheRepositoryBase<WebhookAttemptsEntity, String> {
    public Optional<WebhookAttemptsEntity> findInProject(String projectId, String id) {
        return find("projectId = ?1 and id = ?2", projectId, id).firstResultOptional();
    }
}
