package dev.smidgen.model.webhooks;

import dev.smidgen.model.SmidgenException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What happened: the topics of the event journal, which webhook endpoints subscribe to. */
public enum EventTopic {
    TASK_COMPLETED("task.completed"),
    TASK_FAILED("task.failed"),
    MEDIA_CREATED("media.created"),
    /** A job of the jobs generation finished: its payload is the job (docs/api/jobs.md#webhooks). */
    JOB_SUCCEEDED("job.succeeded"),
    JOB_FAILED("job.failed"),
    JOB_CANCELLED("job.cancelled");

    /** The topics in the order error messages list them. */
    public static final String ALL =
            Arrays.stream(values()).map(EventTopic::wire).collect(Collectors.joining(", "));

    private final String wire;

    EventTopic(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether the subject of this topic is a task (so the task's own {@code webhook_url} hears of it too). */
    public boolean isAboutTask() {
        return this == TASK_COMPLETED || this == TASK_FAILED;
    }

    /** Whether the subject of this topic is a job. */
    public boolean isAboutJob() {
        return this == JOB_SUCCEEDED || this == JOB_FAILED || this == JOB_CANCELLED;
    }

    public static Optional<EventTopic> find(Object value) {
        for (EventTopic t : values()) {
            if (t.wire.equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The topic named {@code value}; anything else is a 400 naming {@code field}. */
    public static EventTopic fromWire(Object value, String field) {
        return find(value).orElseThrow(() -> SmidgenException.invalid(field, field + " must be one of " + ALL + "."));
    }

    /**
     * Reads a subscription list from request JSON: 1 or more known topic names, duplicates dropped,
     * order kept. Throws {@code invalid_request} naming {@code field} or the offending element.
     */
    public static List<EventTopic> parseList(Object json, String field) {
        if (!(json instanceof List<?> raw) || raw.isEmpty()) {
            throw SmidgenException.invalid(field, field + " must be a non-empty list of topics (" + ALL + ").");
        }
        Set<EventTopic> topics = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            topics.add(fromWire(raw.get(i), field + "[" + i + "]"));
        }
        return new ArrayList<>(topics);
    }
}
