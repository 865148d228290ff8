package dev.smidgen.catalog.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One event dispatched to one URL (the API's "delivery" object and table, a name kept on the wire): the body as
 * rendered once, and where its {@link WebhookAttemptEntity attempts} stand. Code says "dispatch" so that
 * "delivery" means serving files only.
 */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDispatchEntity {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    @Id
    public String id;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "event_id")
    public String eventId;
    /** The event's topic, kept here so lists need no join. */
    public String topic;
    /** Null for a task's own {@code webhook_url}. */
    @Column(name = "endpoint_id")
    public String endpointId;

    public String url;
    public String body;
    public String status;
    public int attempts;

    @Column(name = "next_attempt")
    public Instant nextAttempt;

    @Column(name = "give_up_after")
    public Instant giveUpAfter;

    @Column(name = "last_status_code")
    public Integer lastStatusCode;

    @Column(name = "last_error")
    public String lastError;

    public Instant created;
    public Instant updated;
    public Instant delivered;
}
