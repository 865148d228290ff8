package dev.smidgen.catalog.tasks;

import dev.smidgen.catalog.EnumColumns;
import dev.smidgen.catalog.segments.SegmentPiece;
import dev.smidgen.model.ApiGeneration;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.model.tracing.Telemetry;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
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

    @Convert(converter = EnumColumns.TaskKindColumn.class)
    public TaskKind kind;

    @Convert(converter = EnumColumns.TaskStatusColumn.class)
    public TaskStatus status;
    /**
     * What the client asked for, as stored (and shown by the API): an {@link IngestInput} or a
     * {@link ConversionInput}, read and written through {@link TaskPayloads} by the methods below.
     */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> input = new LinkedHashMap<>();
    /** A conversion's {@link ConversionOptions}, as stored; empty for an ingest. */
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
    /**
     * What the step made when it is not a file row (a probe's file object, an export's destination),
     * as stored; null otherwise.
     */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> output;

    /** The job this task is a step of (docs/api/jobs.md), or null. */
    @Column(name = "job_id")
    public String jobId;

    /** Which API generation's shape the task is served in (docs/api/jobs.md#two-generations). */
    @Convert(converter = EnumColumns.ApiGenerationColumn.class)
    public ApiGeneration generation = ApiGeneration.FILES;

    /** The task this one waits for (the ingest of a URL a conversion converts), or null. */
    @Column(name = "parent_id")
    public String parentId;

    /**
     * The split conversion this task encodes a piece of (docs/adr/0013-segment-child-tasks.md), or null.
     * Such a child is internal: not listed, no webhooks, not a job's step.
     */
    @Column(name = "segment_of")
    public String segmentOf;

    /** A segment child's {@link SegmentPiece}, as stored; null for every other task. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> segment;

    public Instant created;
    public Instant updated;
    public Instant started;
    public Instant finished;

    /** The W3C traceparent of the work that created the task (null without one): workers continue that trace. */
    @Column(name = "trace_parent")
    public String traceParent;

    @PrePersist
    void rememberTrace() {
        if (traceParent == null) {
            traceParent = Telemetry.currentTraceparent();
        }
    }

    /** The trace id the task belongs to, or null. */
    public String traceId() {
        return Telemetry.traceId(traceParent);
    }

    public IngestInput ingestInput() {
        return TaskPayloads.fromMap(input, IngestInput.class);
    }

    public void ingestInput(IngestInput value) {
        input = TaskPayloads.toMap(value);
    }

    public ConversionInput conversionInput() {
        return TaskPayloads.fromMap(input, ConversionInput.class);
    }

    public void conversionInput(ConversionInput value) {
        input = TaskPayloads.toMap(value);
    }

    public ExportInput exportInput() {
        return TaskPayloads.fromMap(input, ExportInput.class);
    }

    public void exportInput(ExportInput value) {
        input = TaskPayloads.toMap(value);
    }

    public ProbeInput probeInput() {
        return TaskPayloads.fromMap(input, ProbeInput.class);
    }

    public void probeInput(ProbeInput value) {
        input = TaskPayloads.toMap(value);
    }

    public SegmentPiece segmentPiece() {
        return segment == null ? null : TaskPayloads.fromMap(segment, SegmentPiece.class);
    }

    public void segmentPiece(SegmentPiece value) {
        segment = value == null ? null : TaskPayloads.toMap(value);
    }

    public ConversionOptions conversionOptions() {
        return TaskPayloads.fromMap(options, ConversionOptions.class);
    }

    public void conversionOptions(ConversionOptions value) {
        options = TaskPayloads.toMap(value);
    }
}
