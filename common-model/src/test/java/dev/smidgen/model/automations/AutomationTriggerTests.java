package dev.smidgen.model.automations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.probe.ProbedFacts;
import dev.smidgen.model.probe.TestFacts;
import dev.smidgen.model.uploads.UploadConditions;
import dev.smidgen.model.webhooks.EventTopic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutomationTriggerTests {
    private static final ProbedFacts VIDEO = TestFacts.of(Kind.VIDEO, "video/mp4", 1_000_000L, 640, 360, 2.0);
    private static final ProbedFacts AUDIO = TestFacts.of(Kind.AUDIO, "audio/mpeg", 40_000L, null, null, 2.0);

    @Test
    void withoutConditionsEveryNewMediaMatches() {
        AutomationTrigger trigger = AutomationTrigger.parse(Map.of("event", "media.created"), "trigger");
        assertEquals(EventTopic.MEDIA_CREATED, trigger.event());
        assertEquals(UploadConditions.NONE, trigger.conditions());
        assertTrue(trigger.matches(VIDEO));
        assertTrue(trigger.matches(AUDIO));
    }

    @Test
    void conditionsUseTheUploadConditionsLanguage() {
        AutomationTrigger videos = AutomationTrigger.parse(
                Map.of(
                        "event",
                        "media.created",
                        "conditions",
                        List.of(Map.of("key", "kind", "operator", "==", "value", "video"))),
                "trigger");
        assertTrue(videos.matches(VIDEO));
        assertFalse(videos.matches(AUDIO));
        AutomationTrigger wideOrShort = AutomationTrigger.parse(
                Map.of(
                        "event",
                        "media.created",
                        "conditions",
                        Map.of(
                                "operator",
                                "||",
                                "rules",
                                List.of(
                                        Map.of("prop", "width", "operator", ">=", "value", 1920),
                                        Map.of("key", "duration", "operator", "<", "value", 5)))),
                "trigger");
        assertTrue(wideOrShort.matches(AUDIO));
        assertTrue(wideOrShort.matches(VIDEO));
        assertFalse(wideOrShort.matches(TestFacts.of(Kind.VIDEO, "video/mp4", 1L, 640, 360, 60.0)));
    }

    @Test
    void roundTripsThroughItsJson() {
        AutomationTrigger trigger = AutomationTrigger.parse(
                Map.of(
                        "event",
                        "media.created",
                        "conditions",
                        List.of(Map.of("key", "type", "operator", "==", "value", "video/*"))),
                "trigger");
        assertEquals(
                Map.of(
                        "event",
                        "media.created",
                        "conditions",
                        Map.of(
                                "operator",
                                "&&",
                                "rules",
                                List.of(Map.of("key", "mimetype", "operator", "==", "value", "video/*")))),
                trigger.toJson());
        assertEquals(trigger, AutomationTrigger.parse(trigger.toJson(), "trigger"));
    }

    @Test
    void badTriggersNameTheirField() {
        assertEquals("trigger", field(null));
        assertEquals("trigger", field("media.created"));
        assertEquals("trigger.event", field(Map.of()));
        assertEquals("trigger.event", field(Map.of("event", "task.completed")));
        assertEquals("trigger.event", field(Map.of("event", "media.exploded")));
        assertEquals(
                "trigger.conditions[0].key",
                field(Map.of(
                        "event",
                        "media.created",
                        "conditions",
                        List.of(Map.of("key", "colour", "operator", "==", "value", "red")))));
        assertEquals(
                "trigger.conditions.operator",
                field(Map.of("event", "media.created", "conditions", Map.of("operator", "xor", "rules", List.of()))));
    }

    private static String field(Object json) {
        return assertThrows(SmidgenException.class, () -> AutomationTrigger.parse(json, "trigger"))
                .field();
    }
}
