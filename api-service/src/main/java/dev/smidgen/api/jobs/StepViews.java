package dev.smidgen.api.jobs;

import static dev.smidgen.web.http.JobsResponses.millis;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.jobs.JobRepository;
import dev.smidgen.catalog.jobs.JobSteps;
import dev.smidgen.catalog.tasks.ConversionOptions;
import dev.smidgen.catalog.tasks.ExportInput;
import dev.smidgen.catalog.tasks.FileObjects;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskRepository;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.web.files.FileUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task in the jobs generation's shape (docs/api/jobs.md#tasks): its step kind, published status
 * names, {@code {kind, message}} errors, Unix-millisecond times, and file objects for inputs and
 * outputs. Serves job steps and standalone steps alike.
 */
@ApplicationScoped
public class StepViews {
    @Inject
    FileRepository files;

    @Inject
    FileUrls urls;

    @Inject
    TaskRepository tasks;

    @Inject
    JobRepository jobs;

    /** A task as committed right now (a fresh transaction, so a poller sees the workers' writes). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Map<String, Object> view(String projectId, String taskId) {
        TaskEntity task = tasks.findInProject(projectId, taskId).orElseThrow(() -> SmidgenException.notFound("Task"));
        Map<String, Object> jobOptions =
                task.jobId == null || !task.kind.isConversion() ? null : jobs.findById(task.jobId).options;
        return view(task, jobOptions);
    }

    /** {@code jobOptions}: the job's options as given, shown on its encode step; null for a standalone task. */
    public Map<String, Object> view(TaskEntity task, Map<String, Object> jobOptions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", task.id);
        m.put("object", "task");
        m.put("kind", stepKind(task));
        m.put("job_id", task.jobId);
        m.put("input", input(task));
        m.put("options", options(task, jobOptions));
        m.put("output", output(task));
        m.put("status", status(task.status));
        m.put("progress", task.status == TaskStatus.COMPLETED ? 1.0 : (double) task.progress);
        m.put("error", error(task));
        m.put("created_at", millis(task.created));
        m.put("updated_at", millis(task.updated));
        m.put("started_at", millis(task.started));
        m.put("finished_at", millis(task.finished));
        return m;
    }

    /** The step kind: {@code import} for an ingest, the job kind an encode makes, or probe/export. */
    static String stepKind(TaskEntity task) {
        if (task.kind == TaskKind.INGEST) {
            return "import";
        }
        if (task.kind == TaskKind.VIDEO || task.kind == TaskKind.IMAGE) {
            ConversionOptions options = task.conversionOptions();
            OutputFormat format = options.outputFormat(task.kind.outputKind());
            if (format == OutputFormat.HLS) {
                return "adaptive_video";
            }
            if (task.kind == TaskKind.IMAGE && options.encoding().animates(format)) {
                return "animation";
            }
        }
        return task.kind.wire();
    }

    static String status(TaskStatus status) {
        return switch (status) {
            case WAITING -> "waiting";
            case PENDING -> "queued";
            case PROCESSING -> "processing";
            case COMPLETED -> "succeeded";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
        };
    }

    private Map<String, Object> input(TaskEntity task) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (task.kind) {
            case INGEST -> {
                var in = task.ingestInput();
                if (in.object() != null) {
                    m.put("url", in.object().url());
                    m.put("connection_id", in.object().connectionId());
                } else if (in.url() != null) {
                    m.put("url", in.url().toString());
                }
            }
            case PROBE -> {
                var in = task.probeInput();
                m.put("url", in.describe());
                if (in.object() != null) {
                    m.put("connection_id", in.object().connectionId());
                }
            }
            case EXPORT -> {
                return fileObject(task.projectId, task.exportInput().fileId());
            }
            default -> {
                var in = task.conversionInput();
                Map<String, Object> file = fileObject(task.projectId, in.fileId());
                if (file != null) {
                    return file;
                }
                if (in.url() != null) {
                    m.put("url", in.url().toString());
                }
            }
        }
        return m;
    }

    private static Map<String, Object> options(TaskEntity task, Map<String, Object> jobOptions) {
        if (task.kind == TaskKind.EXPORT) {
            ExportInput in = task.exportInput();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", in.to().url());
            m.put("connection_id", in.to().connectionId());
            return m;
        }
        if (task.kind.isConversion()) {
            return jobOptions != null ? jobOptions : task.options;
        }
        return Map.of();
    }

    private Object output(TaskEntity task) {
        if (task.status != TaskStatus.COMPLETED) {
            return null;
        }
        if (task.output != null) {
            return task.output;
        }
        return fileObject(task.projectId, task.fileId);
    }

    private static Map<String, Object> error(TaskEntity task) {
        if (task.errorCode == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", JobSteps.errorKind(task.errorCode));
        m.put("message", task.errorMessage);
        return m;
    }

    /** The file object of a stored file, or null when there is none (yet). */
    Map<String, Object> fileObject(String projectId, String fileId) {
        if (fileId == null) {
            return null;
        }
        return files.findLive(projectId, fileId).map(this::fileObject).orElse(null);
    }

    Map<String, Object> fileObject(FileEntity f) {
        return FileObjects.stored(f, urls.of(f));
    }
}
