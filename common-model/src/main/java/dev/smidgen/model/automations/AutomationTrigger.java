package dev.smidgen.model.automations;

import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.probe.ProbedFacts;
import dev.smidgen.model.uploads.UploadConditions;
import dev.smidgen.model.webhooks.EventTopic;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When an automation fires: on an event ({@code media.created} for now) whose media meets the
 * {@code conditions}, written in the language of upload conditions (keys {@code kind}, {@code mimetype},
 * {@code filesize}, {@code width}, {@code height}, {@code duration}). No conditions: every new media.
 */
public record AutomationTrigger(EventTopic event, UploadConditions conditions) {
    /** The events an automation can be triggered by. */
    public static final Set<EventTopic> EVENTS = Set.of(EventTopic.MEDIA_CREATED);

    public AutomationTrigger {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(conditions, "conditions");
        if (!EVENTS.contains(event)) {
            throw new IllegalArgumentException("Automations cannot be triggered by " + event.wire());
        }
    }

    /** Reads {@code {event, conditions?}}; errors name the JSON path below {@code field}. */
    public static AutomationTrigger parse(Object json, String field) {
        if (!(json instanceof Map<?, ?> map)) {
            throw SmidgenException.invalid(
                    field, field + " must be an object {event: \"media.created\", conditions?}.");
        }
        String eventField = field + ".event";
        EventTopic event = EventTopic.find(map.get("event"))
                .filter(EVENTS::contains)
                .orElseThrow(() -> SmidgenException.invalid(eventField, eventField + " must be \"media.created\"."));
        UploadConditions conditions;
        try {
            conditions = UploadConditions.parse(map.get("conditions"));
        } catch (SmidgenException e) {
            throw SmidgenException.invalid(
                    e.field() == null ? field + ".conditions" : field + "." + e.field(), e.getMessage());
        }
        return new AutomationTrigger(event, conditions);
    }

    /** Whether a new media item with these facts sets the automation off. */
    public boolean matches(ProbedFacts facts) {
        return conditions.evaluate(facts).passed();
    }

    /** The stored and returned form: {@code {event, conditions}} (conditions null when there are none). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", event.wire());
        json.put("conditions", conditions.toJson());
        return json;
    }
}
