package dev.smidgen.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka message that tells workers a task is ready: ids only, never bytes or options. Its JSON
 * form is tiny and fixed, so it is written and read here without a JSON library.
 */
public record TaskAnnouncement(String taskId, String projectId, TaskKind kind) {
    private static final Pattern FIELD = Pattern.compile("\"(task_id|project_id|kind)\"\\s*:\\s*\"([a-z0-9_]+)\"");

    public String toJson() {
        return "{\"task_id\":\"" + taskId + "\",\"project_id\":\"" + projectId + "\",\"kind\":\"" + kind.wire() + "\"}";
    }

    /** Parses a message; throws {@link SmidgenException} (invalid_request) for anything malformed. */
    public static TaskAnnouncement fromJson(String json) {
        String task = null;
        String project = null;
        String kind = null;
        Matcher m = FIELD.matcher(json == null ? "" : json);
        while (m.find()) {
            switch (m.group(1)) {
                case "task_id" -> task = m.group(2);
                case "project_id" -> project = m.group(2);
                default -> kind = m.group(2);
            }
        }
        if (task == null || project == null || kind == null) {
            throw SmidgenException.invalid(null, "Malformed task announcement: " + json);
        }
        return new TaskAnnouncement(task, project, TaskKind.fromWire(kind));
    }
}
