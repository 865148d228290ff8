package dev.smidgen.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.model.Kind;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import org.junit.jupiter.api.Test;

class EnumColumnsTests {
    @Test
    void columnsHoldTheWireWordsTheyAlwaysHeld() {
        EnumColumns.TaskStatusColumn status = new EnumColumns.TaskStatusColumn();
        for (TaskStatus s : TaskStatus.values()) {
            assertEquals(s.wire(), status.convertToDatabaseColumn(s));
            assertEquals(s, status.convertToEntityAttribute(s.wire()));
        }
        EnumColumns.TaskKindColumn taskKind = new EnumColumns.TaskKindColumn();
        for (TaskKind k : TaskKind.values()) {
            assertEquals(k, taskKind.convertToEntityAttribute(taskKind.convertToDatabaseColumn(k)));
        }
        assertEquals("ingest", taskKind.convertToDatabaseColumn(TaskKind.INGEST));
        assertEquals(
                "completing", new EnumColumns.UploadStatusColumn().convertToDatabaseColumn(UploadStatus.COMPLETING));
        assertEquals(Kind.IMAGE, new EnumColumns.KindColumn().convertToEntityAttribute("image"));
    }

    @Test
    void aFileNotProbedYetHasNoKind() {
        EnumColumns.KindColumn kind = new EnumColumns.KindColumn();
        assertNull(kind.convertToDatabaseColumn(null));
        assertNull(kind.convertToEntityAttribute(null));
    }
}
