package dev.smidgen.catalog.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A URL of a project that hears of the topics it subscribed to, signed with its own secret. */
@Entity
@Table(name = "webhook_endpoints")
public class WebhookEndpointEntity {
    @Id
    public String id;

    @Column(name = "project_id")
    public String projectId;

    public String url;
    /** Topic names, e.g. {@code task.completed}. */
    public String[] topics;

    public String secret;
    public String description;
    public Instant created;
    public Instant updated;
    public Instant deleted;
}
