package dev.smidgen.web.tasks;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.web.files.FileView;
import dev.smidgen.web.http.ApiTimes;
import dev.smidgen.web.http.ApiVersion;
import dev.smidgen.web.http.Representable;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Task, with its output File once completed, in the shape of the negotiated version. */
public record TaskView(TaskEntity task, FileView output) implements Representable {
    @Override
    public Object render(ApiVersion version) {
        return version.envelope() ? legacy(version) : current(version);
    }

    private Map<String, Object> legacy(ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", task.id);
        m.put("object", "task");
        m.put("kind", task.kind);
        m.put("input", legacyInput());
        m.put("format", task.options.get("format"));
        m.put("width", task.options.get("width"));
        m.put("height", task.options.get("height"));
        m.put("quality", task.options.get("quality"));
        if (task.options.get("start") != null) {
            m.put("start", task.options.get("start")); // an image output's chosen frame; absent by default
        }
        m.put("label", task.options.getOrDefault("label", task.input.get("label")));
        m.put("folder", task.input.get("folder"));
        m.put("filename", task.input.get("filename"));
        // The spec's statuses: a conversion waiting for the ingest of its URL is simply not started yet.
        m.put("status", TaskStatus.WAITING.wire().equals(task.status) ? TaskStatus.PENDING.wire() : task.status);
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

    /** What the task works on, as ittybit shows it (docs/api/ittybit.md#sources): the URL, else the id asked for. */
    private Object legacyInput() {
        for (String key : new String[] {"url", "file_id", "media_id"}) {
            if (task.input.get(key) != null) {
                return task.input.get(key);
            }
        }
        return null;
    }

    private Map<String, Object> current(ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", task.id);
        m.put("object", "task");
        m.put("kind", task.kind);
        m.put("input", task.input);
        m.put("options", task.options);
        m.put("output", output == null ? null : output.render(version));
        m.put("status", task.status);
        m.put("progress", (double) task.progress);
        m.put("error", task.errorMessage);
        m.put("created", ApiTimes.format(task.created));
        m.put("updated", ApiTimes.format(task.updated));
        m.put("parent_id", task.parentId);
        return m;
    }
}
