package dev.smidgen.catalog.projects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A project: the tenant boundary. Every row, object and storage key is scoped by it. */
@Entity
@Table(name = "projects")
public class ProjectEntity {
    @Id
    public String id;

    @Column(name = "org_id")
    public String orgId;

    public String name;

    @Column(name = "private")
    public boolean privateDelivery;
    /** Hex-encoded HMAC key of the project's signed URLs; never shown by the API. */
    @Column(name = "signing_key")
    public String signingKey;
    /** Signs webhook deliveries to the project's tasks' own {@code webhook_url}s ({@code whsec_...}). */
    @Column(name = "webhook_secret")
    public String webhookSecret;

    public Instant created;
}
