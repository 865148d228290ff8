package dev.smidgen.model.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTopicTests {
    @Test
    void parsesKnownTopicsInOrderWithoutDuplicates() {
        assertEquals(
                List.of(EventTopic.MEDIA_CREATED, EventTopic.TASK_COMPLETED),
                EventTopic.parseList(List.of("media.created", "task.completed", "media.created"), "events"));
        assertEquals(
                List.of(EventTopic.values()),
                EventTopic.parseList(
                        List.of(
                                "task.completed",
                                "task.failed",
                                "media.created",
                                "job.succeeded",
                                "job.failed",
                                "job.cancelled"),
                        "events"));
    }

    @Test
    void anUnknownTopicNamesItsPlaceInTheList() {
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> EventTopic.parseList(List.of("task.completed", "task.exploded"), "events"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("events[1]", e.field());
        assertTrue(e.getMessage().contains("task.completed, task.failed, media.created"), e.getMessage());
    }

    @Test
    void theListMustBeANonEmptyListOfStrings() {
        for (Object bad : Arrays.asList(null, List.of(), "task.completed", Map.of("a", 1))) {
            SmidgenException e = assertThrows(SmidgenException.class, () -> EventTopic.parseList(bad, "events"));
            assertEquals("events", e.field(), String.valueOf(bad));
        }
        assertEquals(
                "events[0]",
                assertThrows(SmidgenException.class, () -> EventTopic.parseList(List.of(7), "events"))
                        .field());
        assertEquals(
                "events[0]",
                assertThrows(SmidgenException.class, () -> EventTopic.parseList(List.of("Task.Completed"), "events"))
                        .field());
    }

    @Test
    void taskTopicsAreAboutTasks() {
        assertTrue(EventTopic.TASK_COMPLETED.isAboutTask());
        assertTrue(EventTopic.TASK_FAILED.isAboutTask());
        assertFalse(EventTopic.MEDIA_CREATED.isAboutTask());
    }
}
