package dev.smidgen.catalog.jobs;

import dev.smidgen.catalog.EnumColumns;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A job of the jobs generation (docs/api/jobs.md): the request as the client gave it and its
 * outcome. The work is done by its steps, ordinary task rows whose {@code job_id} names it.
 */
@Entity
@Table(name = "jobs")
public class JobEntity {
    @Id
    public String id;

    @Column(name = "project_id")
    public String projectId;

    @Convert(converter = EnumColumns.JobKindColumn.class)
    public JobKind kind;

    /** The input URL as the client wrote it (http, https or s3). */
    public String input;

    /** The {@code s3://} destination the client asked for, or null. */
    @Column(name = "output_target")
    public String outputTarget;

    /** The connection that reaches the {@code s3://} input or output, or null. */
    @Column(name = "connection_id")
    public String connectionId;

    /** The options as the client gave them (they were checked when the job was created). */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> options = new LinkedHashMap<>();

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata = new LinkedHashMap<>();

    @Convert(converter = EnumColumns.JobStatusColumn.class)
    public JobStatus status;

    @Column(name = "error_kind")
    public String errorKind;

    @Column(name = "error_message")
    public String errorMessage;

    public Instant created;
    public Instant updated;
    public Instant started;
    public Instant finished;
}
