package dev.smidgen.model.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.probe.ProbedFacts;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoryboardOptionsTests {
    private static ProbedFacts video(int width, int height, double duration) {
        return new ProbedFacts(
                Kind.VIDEO,
                "video/mp4",
                "mp4",
                "h264",
                true,
                width,
                height,
                duration,
                25.0,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static StoryboardOptions read(Object... pairs) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return StoryboardOptions.read(values::get);
    }

    private static void assertInvalid(String field, Object... pairs) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> read(pairs));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals(field, e.field());
    }

    @Test
    void readsIntervalInWholeMillisecondsAndTheGrid() {
        StoryboardOptions o = read("interval", 2.5004, "columns", 5, "rows", 4.0);
        assertEquals(2.5, o.interval());
        assertEquals(5, o.columns());
        assertEquals(4, o.rows());
        assertEquals(StoryboardOptions.NONE, read());
        assertNull(read().interval());
    }

    @Test
    void refusesIntervalsAndGridsOutOfBounds() {
        assertInvalid("interval", "interval", 0.05);
        assertInvalid("interval", "interval", 0);
        assertInvalid("interval", "interval", -1);
        assertInvalid("interval", "interval", 3601);
        assertInvalid("interval", "interval", "5");
        assertInvalid("columns", "columns", 0);
        assertInvalid("columns", "columns", 21);
        assertInvalid("rows", "rows", 2.5);
        assertInvalid("rows", "rows", "ten");
        assertEquals(0.1, read("interval", 0.1).interval());
    }

    @Test
    void widthIsBounded() {
        assertEquals(320, StoryboardOptions.width(320));
        assertNull(StoryboardOptions.width(null));
        for (Object bad : new Object[] {8, 641, 160.5, "160"}) {
            SmidgenException e = assertThrows(SmidgenException.class, () -> StoryboardOptions.width(bad));
            assertEquals("width", e.field());
        }
    }

    @Test
    void defaultIntervalKeepsAVideoWithinTwoHundredTilesAndNeverUnderASecond() {
        assertEquals(1, StoryboardOptions.defaultInterval(5));
        assertEquals(1, StoryboardOptions.defaultInterval(200));
        assertEquals(2, StoryboardOptions.defaultInterval(201));
        assertEquals(2, StoryboardOptions.defaultInterval(300));
        assertEquals(20, StoryboardOptions.defaultInterval(3600));
        assertEquals(180, StoryboardOptions.defaultInterval(36000));
        assertEquals(600, StoryboardOptions.defaultInterval(120000));
        assertEquals(1000, StoryboardOptions.defaultInterval(200000));
        for (double d : new double[] {0.5, 7.3, 61, 999, 3601, 36000, 200000}) {
            int tiles = StoryboardOptions.tiles(d, StoryboardOptions.defaultInterval(d));
            assertEquals(true, tiles <= StoryboardOptions.DEFAULT_MAX_TILES, d + " s: " + tiles);
        }
    }

    @Test
    void tilesAreTheCeilingInWholeMilliseconds() {
        assertEquals(8, StoryboardOptions.tiles(7.32, 1));
        assertEquals(7, StoryboardOptions.tiles(7.0, 1));
        assertEquals(74, StoryboardOptions.tiles(7.32, 0.1));
        assertEquals(1, StoryboardOptions.tiles(0.04, 5));
        // A duration a fraction of a millisecond past a whole interval gives no empty last cue.
        assertEquals(2, StoryboardOptions.tiles(2.0004, 1));
    }

    @Test
    void resolvesTheTileFromTheAspectRatioEven() {
        StoryboardOptions.Resolved r = StoryboardOptions.NONE.resolve(video(640, 360, 7.32), null);
        assertEquals(new StoryboardOptions.Resolved(1, 160, 90, 10, 10, 8), r);
        StoryboardOptions.Resolved narrow = StoryboardOptions.NONE.resolve(video(100, 75, 3), null);
        assertEquals(100, narrow.width());
        assertEquals(74, narrow.height(), "even, and not past the video's 75 lines");
        StoryboardOptions.Resolved odd =
                read("interval", 0.5, "columns", 4, "rows", 3).resolve(video(1280, 720, 10), 255);
        assertEquals(new StoryboardOptions.Resolved(0.5, 254, 142, 4, 3, 20), odd);
    }

    @Test
    void onlyAVideoWithADurationHasThumbnails() {
        ProbedFacts audio = new ProbedFacts(
                Kind.AUDIO,
                "audio/mpeg",
                "mp3",
                "mp3",
                true,
                null,
                null,
                3.0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        ProbedFacts image = new ProbedFacts(
                Kind.IMAGE,
                "image/png",
                "png",
                "png",
                false,
                320,
                240,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        for (ProbedFacts input : new ProbedFacts[] {audio, image}) {
            SmidgenException e =
                    assertThrows(SmidgenException.class, () -> StoryboardOptions.NONE.resolve(input, null));
            assertEquals(ErrorCode.CONVERSION_NOT_ALLOWED, e.code());
            assertEquals("kind", e.field());
        }
    }

    @Test
    void refusesUpscalingTooManyTilesAndTooLargeSheets() {
        SmidgenException wide =
                assertThrows(SmidgenException.class, () -> StoryboardOptions.NONE.resolve(video(320, 240, 5), 400));
        assertEquals(ErrorCode.UPSCALE_NOT_ALLOWED, wide.code());
        assertEquals("width", wide.field());

        SmidgenException many =
                assertThrows(SmidgenException.class, () -> read("interval", 0.1).resolve(video(320, 240, 361), null));
        assertEquals(ErrorCode.OUTPUT_TOO_LARGE, many.code());
        assertEquals("interval", many.field());
        assertEquals(
                3600, read("interval", 0.1).resolve(video(320, 240, 360), null).tiles());

        // 20 × 640 = 12800 wide: over 16.8 megapixels however few rows.
        SmidgenException sheet = assertThrows(
                SmidgenException.class, () -> read("columns", 20, "rows", 20).resolve(video(1920, 1080, 60), 640));
        assertEquals(ErrorCode.OUTPUT_TOO_LARGE, sheet.code());
        assertEquals("columns", sheet.field());
        SmidgenException rows =
                assertThrows(SmidgenException.class, () -> read("rows", 20).resolve(video(1920, 1080, 60), 640));
        assertEquals("rows", rows.field());
    }

    @Test
    void sheetsAreJpegOrWebpAndATrackConvertsToNothing() {
        assertEquals(OutputFormat.JPEG, OutputFormat.of(Kind.THUMBNAILS, "jpg"));
        assertEquals(OutputFormat.WEBP, OutputFormat.of(Kind.THUMBNAILS, "webp"));
        SmidgenException png = assertThrows(SmidgenException.class, () -> OutputFormat.of(Kind.THUMBNAILS, "png"));
        assertEquals("format", png.field());
        assertEquals("format for kind thumbnails must be one of jpeg, webp.", png.getMessage());

        ProbedFacts track = new ProbedFacts(
                Kind.THUMBNAILS,
                "text/vtt",
                "webvtt",
                "jpeg",
                false,
                160,
                90,
                5.0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                5L);
        SmidgenException e =
                assertThrows(SmidgenException.class, () -> ConversionCheck.check(track, OutputFormat.JPEG, null, null));
        assertEquals(ErrorCode.CONVERSION_NOT_ALLOWED, e.code());
    }

    @Test
    void automationTemplatesMakeNoStoryboards() {
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> dev.smidgen.model.automations.ConversionTemplate.parse(
                        Map.of("kind", "thumbnails", "format", "jpeg"), "tasks[0]"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("tasks[0].kind", e.field());
    }
}
