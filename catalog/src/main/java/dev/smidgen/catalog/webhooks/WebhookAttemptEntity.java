package dev.smidgen.catalog.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One try of a {@link WebhookDispatchEntity}: when, how long, and the receiver's status or why there was none. */
@Entity
@Table(name = "webhook_attempts")
public class WebhookAttemptEntity {
    @EmbeddedId
    public Key key;

    public Instant started;

    @Column(name = "duration_ms")
    public int durationMs;

    @Column(name = "status_code")
    public Integer statusCode;

    public String error;

    /** A delivery and the number of its attempt, from 1. */
    @Embeddable
    public record Key(@Column(name = "delivery_id") String deliveryId, int attempt) implements Serializable {}
}
