package dev.smidgen.api.webhooks;

import dev.smidgen.catalog.webhooks.WebhookAttemptEntity;
import dev.smidgen.catalog.webhooks.WebhookDispatchEntity;
import dev.smidgen.catalog.webhooks.WebhookDispatchRepository;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.web.http.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Deliveries and their attempts, always scoped to the asking project. */
@ApplicationScoped
public class DispatchQueries {
    private static final Set<String> STATUSES =
            Set.of(WebhookDispatchEntity.PENDING, WebhookDispatchEntity.DELIVERED, WebhookDispatchEntity.FAILED);

    @Inject
    EntityManager em;

    @Inject
    WebhookDispatchRepository deliveries;

    /** What a delivery list is narrowed to; null fields do not filter. */
    public record Filter(String endpointId, String eventId, String status) {
        public Filter {
            if (status != null && !STATUSES.contains(status)) {
                throw SmidgenException.invalid("status", "status must be one of pending, delivered, failed.");
            }
        }
    }

    /** A page of deliveries, newest first, each with its attempts. */
    @Transactional
    public Page page(String projectId, Filter filter, PageRequest page) {
        StringBuilder where = new StringBuilder("projectId = :project");
        Map<String, Object> params = new HashMap<>(Map.of("project", projectId));
        if (filter.endpointId() != null) {
            where.append(" and endpointId = :endpoint");
            params.put("endpoint", filter.endpointId());
        }
        if (filter.eventId() != null) {
            where.append(" and eventId = :event");
            params.put("event", filter.eventId());
        }
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.put("status", filter.status());
        }
        PanacheQuery<WebhookDispatchEntity> query =
                deliveries.find(where.toString(), Sort.descending("created", "id"), params);
        long total = query.count();
        List<WebhookDispatchEntity> rows =
                query.range(page.offset(), page.offset() + page.limit() - 1).list();
        return new Page(withAttempts(rows), total);
    }

    /** One delivery of the project, with its attempts. */
    @Transactional
    public DispatchView find(String projectId, String id) {
        WebhookDispatchEntity d =
                deliveries.findInProject(projectId, id).orElseThrow(() -> SmidgenException.notFound("Delivery"));
        return withAttempts(List.of(d)).get(0);
    }

    private List<DispatchView> withAttempts(List<WebhookDispatchEntity> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(d -> d.id).toList();
        Map<String, List<WebhookAttemptEntity>> attempts =
                em.createQuery("""
                from WebhookAttemptEntity where key.deliveryId in :ids order by key.deliveryId, key.attempt
                """, WebhookAttemptEntity.class).setParameter("ids", ids).getResultList().stream()
                        .collect(Collectors.groupingBy(a -> a.key.deliveryId(), Collectors.toList()));
        List<DispatchView> views = new ArrayList<>(rows.size());
        for (WebhookDispatchEntity d : rows) {
            views.add(new DispatchView(d, attempts.getOrDefault(d.id, List.of())));
        }
        return views;
    }

    /** One page of deliveries and the total across all pages. */
    public record Page(List<DispatchView> items, long total) {}
}
