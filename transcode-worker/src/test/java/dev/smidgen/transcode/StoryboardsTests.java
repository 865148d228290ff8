package dev.smidgen.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smidgen.media.transcode.storyboard.Storyboard;
import dev.smidgen.media.transcode.storyboard.StoryboardSpec;
import dev.smidgen.model.Kind;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.probe.ProbedFacts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoryboardsTests {
    private static final StoryboardSpec SPEC = new StoryboardSpec(OutputFormat.JPEG, 0.5, 7.02, 160, 90, 4, 3, 0.8);
    private static final Storyboard BOARD = new Storyboard(
            Path.of("/work/thumbnails"),
            SPEC,
            List.of("sheet-000.jpg", "sheet-001.jpg", "thumbnails.vtt"),
            List.of(
                    new Storyboard.Sheet("sheet-000.jpg", 640, 270, 12),
                    new Storyboard.Sheet("sheet-001.jpg", 640, 270, 3)),
            123_456,
            Duration.ofMillis(900));

    @Test
    void aTrackLivesUnderItsOwnPrefixOutsideEveryFolder() {
        assertEquals("prj_a/.thumbnails/file_b/", Storyboards.prefix("prj_a", "file_b"));
        assertEquals("text/vtt", Storyboards.mimeType("thumbnails.vtt", SPEC));
        assertEquals("image/jpeg", Storyboards.mimeType("sheet-001.jpg", SPEC));
    }

    @Test
    void theTracksFactsAreThoseOfItsThumbnailsAndTheVideosDuration() {
        ProbedFacts facts = Storyboards.facts(BOARD);
        assertEquals(Kind.THUMBNAILS, facts.kind());
        assertEquals("text/vtt", facts.mimeType());
        assertEquals(160, facts.width());
        assertEquals(90, facts.height());
        assertEquals(7.02, facts.duration());
        assertEquals(15L, facts.frames());
        assertEquals(123_456L, facts.filesize());
        assertEquals(false, facts.hasAudio());
        assertEquals(
                Map.of("name", "sheet-001.jpg", "width", 640, "height", 270, "columns", 4, "rows", 3, "thumbnails", 3),
                Storyboards.describe(BOARD).get(1));
    }
}
