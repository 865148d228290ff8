package dev.smidgen.catalog.webhooks;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Webhook endpoints; reads see only live endpoints of the asking project. */
@ApplicationScoped
public class WebhookEndpointRepository implements PanacheRepositoryBase<WebhookEndpointEntity, String> {
    public Optional<WebhookEndpointEntity> findLive(String projectId, String id) {
        return find("projectId = ?1 and id = ?2 and deleted is null", projectId, id)
                .firstResultOptional();
    }
}
