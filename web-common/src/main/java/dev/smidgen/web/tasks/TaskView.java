package dev.smidgen.web.tasks;

import dev.smidgen.catalog.tasks.ConversionInput;
import dev.smidgen.catalog.tasks.ConversionOptions;
import dev.smidgen.catalog.tasks.IngestInput;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.web.files.FileView;
import dev.smidgen.web.http.ApiTimes;
import dev.smidgen.web.http.ApiVersion;
import dev.smidgen.web.http.Representable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A Task, with its output File once completed, in the shape of the negotiated version. */
public record TaskView(TaskEntity task, FileView output) implements Representable {
    /** Keys of a stored ingest input that the worker needs and a client never asked for. */
    private static final Set<String> WORKER_ONLY_INPUT = Set.of("staged_key", "sha256", "original_filename");

    @Override
    public String traceId() {
        return task.traceId();
    }

    @Override
    public Object render(ApiVersion version) {
        return version.envelope() ? legacy(version) : current(version);
    }

    private Map<String, Object> legacy(ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", task.id);
        m.put("object", "task");
        m.put("kind", task.kind.wire());
        // An ingest has no options and a conversion no folder or name: those fields show null.
        boolean ingest = task.kind == TaskKind.INGEST;
        IngestInput in = ingest ? task.ingestInput() : null;
        ConversionInput converts = ingest ? null : task.conversionInput();
        ConversionOptions options = ingest ? null : task.conversionOptions();
        m.put("input", ingest ? text(in.url()) : firstOf(text(converts.url()), converts.fileId(), converts.mediaId()));
        m.put("format", ingest ? null : options.format());
        m.put("width", ingest ? null : options.width());
        m.put("height", ingest ? null : options.height());
        m.put("quality", ingest ? null : options.quality());
        if (!ingest && options.start() != null) {
            m.put("start", options.start()); // an image output's chosen frame; absent by default
        }
        if (!ingest) {
            encodingOptions(m, options); // each only when asked for (docs/api/conversions.md#options)
        }
        m.put("label", ingest ? in.label() : options.label());
        m.put("folder", ingest ? in.folder() : null);
        m.put("filename", ingest ? in.filename() : null);
        // The legacy statuses: a conversion waiting for the ingest of its URL is simply not started yet.
        m.put("status", (task.status == TaskStatus.WAITING ? TaskStatus.PENDING : task.status).wire());
        m.put("progress", (double) task.progress);
        m.put("output", output == null ? null : output.render(version));
        m.put("error", task.errorCode == null ? null : Map.of("code", task.errorCode, "message", task.errorMessage));
        m.put("attempts", task.attempts);
        m.put("webhook_url", task.webhookUrl);
        m.put("created", ApiTimes.format(task.created));
        m.put("updated", ApiTimes.format(task.updated));
        m.put("started", ApiTimes.format(task.started));
        m.put("finished", ApiTimes.format(task.finished));
        return m;
    }

    private static void encodingOptions(Map<String, Object> m, ConversionOptions options) {
        putIf(m, "codec", options.codec());
        putIf(m, "quality_preset", options.qualityPreset());
        putIf(m, "fit", options.fit());
        putIf(m, "position", options.position());
        putIf(m, "background", options.background());
        putIf(m, "fps", options.fps());
        putIf(m, "bitrate", options.bitrate());
        putIf(m, "end", options.end());
        // A storyboard's (docs/api/storyboards.md): width and height above are then one thumbnail's.
        putIf(m, "interval", options.interval());
        putIf(m, "columns", options.columns());
        putIf(m, "rows", options.rows());
    }

    private static void putIf(Map<String, Object> m, String name, Object value) {
        if (value != null) {
            m.put(name, value);
        }
    }

    /** What a conversion works on, as ittybit shows it (docs/api/ittybit.md#sources): the URL, else the file or media id asked for. */
    private static String firstOf(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The stored input without what only the worker needs: the staged object's key, the hash the upload
     * service carried and the client's file name (a fallback title). Clients see what they asked for.
     */
    static Map<String, Object> publicInput(Map<String, Object> input) {
        if (input == null) {
            return null;
        }
        Map<String, Object> shown = new LinkedHashMap<>(input);
        shown.keySet().removeAll(WORKER_ONLY_INPUT);
        return shown;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private Map<String, Object> current(ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", task.id);
        m.put("object", "task");
        m.put("kind", task.kind.wire());
        m.put("input", publicInput(task.input));
        m.put("options", task.options);
        m.put("output", output == null ? null : output.render(version));
        m.put("status", task.status.wire());
        m.put("progress", (double) task.progress);
        m.put("error", task.errorMessage);
        m.put("created", ApiTimes.format(task.created));
        m.put("updated", ApiTimes.format(task.updated));
        m.put("parent_id", task.parentId);
        return m;
    }
}
