package dev.smidgen.api.webhooks;

import dev.smidgen.catalog.projects.ProjectEntity;
import dev.smidgen.catalog.projects.ProjectRepository;
import dev.smidgen.catalog.webhooks.WebhookDispatchEntity;
import dev.smidgen.catalog.webhooks.WebhookEndpointEntity;
import dev.smidgen.catalog.webhooks.WebhookEndpointRepository;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.webhooks.EventTopic;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.PageRequest;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Webhook endpoints of a project, and the project's own webhook secret. */
@ApplicationScoped
public class WebhookEndpoints {
    static final int MAX_DESCRIPTION = 255;

    @Inject
    WebhookEndpointRepository endpoints;

    @Inject
    ProjectRepository projects;

    @Inject
    WebhookTargets targets;

    /** A validated {@code POST /webhooks} body. */
    record Registration(String url, List<EventTopic> topics, String description) {
        static Registration from(JsonBody body, WebhookTargets targets) {
            String url = targets.check(body.requiredString("url"), "url").toString();
            if (!body.has("events")) {
                throw SmidgenException.invalid(
                        "events", "events is required: a list of topics (" + EventTopic.ALL + ").");
            }
            List<EventTopic> topics = EventTopic.parseList(body.value("events"), "events");
            String description = body.string("description");
            if (description != null && description.length() > MAX_DESCRIPTION) {
                throw SmidgenException.invalid(
                        "description", "description must be at most " + MAX_DESCRIPTION + " characters.");
            }
            return new Registration(url, topics, description);
        }
    }

    @Transactional
    public WebhookEndpointEntity create(String projectId, JsonBody body) {
        Registration r = Registration.from(body, targets);
        Instant now = Instant.now();
        WebhookEndpointEntity e = new WebhookEndpointEntity();
        e.id = Ids.newId(IdPrefix.WEBHOOK);
        e.projectId = projectId;
        e.url = r.url();
        e.topics = r.topics().stream().map(EventTopic::wire).toArray(String[]::new);
        e.secret = WebhookSignature.newSecret();
        e.description = r.description();
        e.created = now;
        e.updated = now;
        endpoints.persist(e);
        return e;
    }

    @Transactional
    public WebhookEndpointEntity find(String projectId, String id) {
        return endpoints.findLive(projectId, id).orElseThrow(() -> SmidgenException.notFound("Webhook"));
    }

    /**
     * Deletes an endpoint: it gets no new deliveries, and those still pending end {@code failed}. Its
     * delivery history stays readable through {@code GET /deliveries}.
     */
    @Transactional
    public void delete(String projectId, String id) {
        WebhookEndpointEntity e = find(projectId, id);
        Instant now = Instant.now();
        e.deleted = now;
        e.updated = now;
        endpoints
                .getEntityManager()
                .createQuery("""
                update WebhookDispatchEntity set status = :failed, lastError = :why, nextAttempt = null, updated = :now
                 where endpointId = :endpoint and status = :pending
                """)
                .setParameter("failed", WebhookDispatchEntity.FAILED)
                .setParameter("why", "The webhook was deleted.")
                .setParameter("now", now)
                .setParameter("endpoint", e.id)
                .setParameter("pending", WebhookDispatchEntity.PENDING)
                .executeUpdate();
    }

    /** A page of live endpoints, newest first. */
    @Transactional
    public Page page(String projectId, PageRequest page) {
        var query = endpoints.find("projectId = ?1 and deleted is null", Sort.descending("created", "id"), projectId);
        long total = query.count();
        List<WebhookView> items = query.range(page.offset(), page.offset() + page.limit() - 1).list().stream()
                .map(e -> new WebhookView(e, false))
                .toList();
        return new Page(items, total);
    }

    /** The secret that signs deliveries to the project's tasks' own {@code webhook_url}s. */
    @Transactional
    public String projectSecret(String projectId) {
        return projects.findById(projectId).webhookSecret;
    }

    /** Replaces the project's webhook secret; deliveries are signed with the new one from their next attempt. */
    @Transactional
    public String rollProjectSecret(String projectId) {
        ProjectEntity project = projects.findById(projectId);
        project.webhookSecret = WebhookSignature.newSecret();
        return project.webhookSecret;
    }

    /** One page of endpoints and the total across all pages. */
    public record Page(List<WebhookView> items, long total) {}
}
