package dev.smidgen.catalog.projects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An API key of one project. Only the hash of the secret is stored. */
@Entity
@Table(name = "api_keys")
public class ApiKeyEntity {
    @Id
    public String id;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "key_hash")
    public String keyHash;
    /** The last characters of the secret, so people can tell keys apart. */
    public String hint;

    public Instant created;
    public Instant revoked;
}
