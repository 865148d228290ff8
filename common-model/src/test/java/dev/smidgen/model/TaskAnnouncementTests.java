package dev.smidgen.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TaskAnnouncementTests {
    @Test
    void roundTrips() {
        TaskAnnouncement a = new TaskAnnouncement("task_abcdefgh1234", "prj_abcdefgh1234", TaskKind.INGEST);
        assertEquals(a, TaskAnnouncement.fromJson(a.toJson()));
        assertEquals(Topics.INGEST, a.kind().topic());
    }

    @Test
    void rejectsGarbage() {
        assertThrows(SmidgenException.class, () -> TaskAnnouncement.fromJson("not json"));
        assertThrows(SmidgenException.class, () -> TaskAnnouncement.fromJson(null));
        assertThrows(
                SmidgenException.class,
                () -> TaskAnnouncement.fromJson(
                        "{\"task_id\":\"task_a\",\"project_id\":\"prj_b\",\"kind\":\"bogus\"}"));
    }
}
