package dev.smidgen.catalog.tasks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A unit of background work; the row is the truth about it, messages are only hints. */
@Entity
@Table(name = "tasks")
public class TaskEntity {
    @Id
    public String id;
    @Column(name = "project_id")
    public String projectId;
    public String kind;
    public String status;
    /** What the client asked for: url, folder, filename, metadata, title, alias, overwrite, label. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> input = new LinkedHashMap<>();
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> options = new LinkedHashMap<>();
    @Column(name = "file_id")
    public String fileId;
    @Column(name = "media_id")
    public String mediaId;
    public float progress;
    public int attempts;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "error_message")
    public String errorMessage;
    @Column(name = "lease_owner")
    public String leaseOwner;
    @Column(name = "lease_expires")
    public Instant leaseExpires;
    @Column(name = "webhook_url")
    public String webhookUrl;
    /** The task this one waits for (the ingest of a URL a conversion converts), or null. */
    @Column(name = "parent_id")
    public String parentId;
    public Instant created;
    public Instant updated;
    public Instant started;
    public Instant finished;

    /** A string field of {@link #input}, or null. */
    public String inputString(String key) {
        Object v = input.get(key);
        return v == null ? null : v.toString();
    }

    /** A whole-number field of {@link #options}, or null. */
    public Integer intOption(String key) {
        return options.get(key) instanceof Number n ? n.intValue() : null;
    }

    /** A number field of {@link #options}, or null. */
    public Double doubleOption(String key) {
        return options.get(key) instanceof Number n ? n.doubleValue() : null;
    }
}
