package dev.smidgen.catalog.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.tasks.TaskEntity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentPieceTests {
    @Test
    void aRangeAndTheAudioTrackSurviveTheColumn() {
        TaskEntity child = new TaskEntity();
        SegmentPiece first = SegmentPiece.video(0, null, 30.02, null, 30.02);
        child.segmentPiece(first);
        // Open ends are left out: JSON has no infinities, and the workers read null as "to the edge".
        assertEquals(Map.of("index", 0, "end", 30.02, "weight", 30.02), child.segment);
        assertEquals(first, child.segmentPiece());
        assertFalse(child.segmentPiece().encodesAudio());

        child.segmentPiece(SegmentPiece.audioTrack(12.5));
        assertTrue(child.segmentPiece().encodesAudio());
        assertNull(child.segmentPiece().index());
    }

    @Test
    void piecesHaveFixedNamesThatSortInOrder() {
        assertEquals("v00007.ts", SegmentPiece.video(7, 60.0, 90.0, 59.5, 30).objectName("ts"));
        assertEquals("audio.mka", SegmentPiece.audioTrack(1).objectName("mka"));
        assertTrue(SegmentPiece.video(9, 1.0, 2.0, 1.0, 1)
                        .objectName("ts")
                        .compareTo(SegmentPiece.video(10, 2.0, 3.0, 2.0, 1).objectName("ts"))
                < 0);
    }

    @Test
    void theParentsPrefixIsOutsideEveryFolder() {
        assertEquals("prj_1/.segments/task_2/", SegmentTasks.prefix("prj_1", "task_2"));
    }
}
