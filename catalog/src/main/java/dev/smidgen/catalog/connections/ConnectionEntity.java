package dev.smidgen.catalog.connections;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A project's connection to S3-compatible storage of the user's own (docs/api/connections.md). The
 * secret key is kept only sealed ({@link SecretSeal}); {@link #toString()} names no key at all.
 */
@Entity
@Table(name = "connections")
public class ConnectionEntity {
    public static final String KIND_S3 = "s3";

    @Id
    public String id;

    @Column(name = "project_id")
    public String projectId;

    public String kind;
    public String name;
    /** The S3 endpoint URL; null for AWS itself, reached through {@link #region}. */
    public String endpoint;

    public String region;
    /** The bucket the create-time check looks at; null when the keys are checked with ListBuckets. */
    public String bucket;

    @Column(name = "access_key_id")
    public String accessKeyId;

    /** The secret access key, sealed by {@link SecretSeal} with this row's id as associated data. */
    @Column(name = "secret_sealed")
    public String secretSealed;

    @Column(name = "is_default")
    public boolean isDefault;

    public Instant created;
    public Instant updated;

    @Override
    public String toString() {
        return "connection " + id + " (" + (endpoint == null ? "aws " + region : endpoint) + ")";
    }
}
