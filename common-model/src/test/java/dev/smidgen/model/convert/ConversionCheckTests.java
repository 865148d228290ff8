package dev.smidgen.model.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.ConversionCheck.OutputSize;
import dev.smidgen.model.probe.ProbedFacts;
import dev.smidgen.model.probe.TestFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversionCheckTests {
    private static final ProbedFacts HD_VIDEO = TestFacts.of(Kind.VIDEO, 1920, 1080, 30.0, true);
    private static final ProbedFacts SILENT_VIDEO = TestFacts.of(Kind.VIDEO, 640, 480, 4.0, false);
    private static final ProbedFacts SONG = TestFacts.of(Kind.AUDIO, null, null, 180.0, true);
    private static final ProbedFacts PHOTO = TestFacts.of(Kind.IMAGE, 1001, 667, null, false);

    @Test
    void theMatrixOfApiMd() {
        for (OutputFormat format : OutputFormat.values()) {
            ConversionCheck.check(HD_VIDEO, format, null, null); // video becomes anything
        }
        ConversionCheck.check(SONG, OutputFormat.FLAC, null, null);
        ConversionCheck.check(PHOTO, OutputFormat.WEBP, null, null);
        assertCode(ErrorCode.CONVERSION_NOT_ALLOWED, () -> ConversionCheck.check(SONG, OutputFormat.MP4, null, null));
        assertCode(ErrorCode.CONVERSION_NOT_ALLOWED, () -> ConversionCheck.check(SONG, OutputFormat.JPEG, null, null));
        assertCode(ErrorCode.CONVERSION_NOT_ALLOWED, () -> ConversionCheck.check(PHOTO, OutputFormat.MP4, null, null));
        assertCode(ErrorCode.CONVERSION_NOT_ALLOWED, () -> ConversionCheck.check(PHOTO, OutputFormat.MP3, null, null));
    }

    @Test
    void anAnimationPlaysAsAVideoButMakesNoPackage() {
        ProbedFacts animation = new ProbedFacts(
                Kind.IMAGE,
                "image/webp",
                "webp",
                "webp",
                false,
                160,
                120,
                1.745,
                6.877,
                null,
                1000L,
                null,
                null,
                true,
                true,
                12L);
        assertEquals(new OutputSize(160, 120), ConversionCheck.check(animation, OutputFormat.MP4, null, null));
        assertEquals(new OutputSize(160, 120), ConversionCheck.check(animation, OutputFormat.WEBM, null, null));
        assertEquals(new OutputSize(160, 120), ConversionCheck.check(animation, OutputFormat.GIF, null, null));
        assertCode(
                ErrorCode.CONVERSION_NOT_ALLOWED, () -> ConversionCheck.check(animation, OutputFormat.HLS, null, null));
        assertCode(
                ErrorCode.CONVERSION_NOT_ALLOWED, () -> ConversionCheck.check(animation, OutputFormat.MP3, null, null));
        // A still image (animated false, or not recorded) stays an image.
        assertCode(ErrorCode.CONVERSION_NOT_ALLOWED, () -> ConversionCheck.check(PHOTO, OutputFormat.WEBM, null, null));
    }

    @Test
    void aVideoWithoutSoundHasNoAudioToGive() {
        assertCode(
                ErrorCode.CONVERSION_NOT_ALLOWED,
                () -> ConversionCheck.check(SILENT_VIDEO, OutputFormat.MP3, null, null));
        ConversionCheck.check(SILENT_VIDEO, OutputFormat.WEBM, null, null);
        // Stored before the audio fact was recorded: allowed, the worker finds out.
        ConversionCheck.check(TestFacts.of(Kind.VIDEO, 640, 480, 4.0, null), OutputFormat.MP3, null, null);
    }

    @Test
    void oneSideKeepsTheAspectRatioWithEvenVideoSides() {
        assertEquals(new OutputSize(1280, 720), ConversionCheck.check(HD_VIDEO, OutputFormat.MP4, 1280, null));
        assertEquals(new OutputSize(640, 360), ConversionCheck.check(HD_VIDEO, OutputFormat.WEBM, null, 360));
        // 1920x1080 at width 650 is 365.6 high: the nearest even side is 366.
        assertEquals(new OutputSize(650, 366), ConversionCheck.check(HD_VIDEO, OutputFormat.MP4, 650, null));
        // Images keep exact proportions: 1001x667 at width 500 is 333.2 → 333.
        assertEquals(new OutputSize(500, 333), ConversionCheck.check(PHOTO, OutputFormat.JPEG, 500, null));
        assertEquals(new OutputSize(1001, 667), ConversionCheck.check(PHOTO, OutputFormat.PNG, null, null));
        // An odd input keeps its size as a video, less the odd pixel.
        ProbedFacts odd = TestFacts.of(Kind.VIDEO, 641, 481, 2.0, true);
        assertEquals(new OutputSize(640, 480), ConversionCheck.check(odd, OutputFormat.MP4, null, null));
        assertEquals(new OutputSize(1280, 720), ConversionCheck.check(HD_VIDEO, OutputFormat.MP4, 1280, 720));
    }

    @Test
    void nothingLargerThanTheInput() {
        SmidgenException wide = assertCode(
                ErrorCode.UPSCALE_NOT_ALLOWED, () -> ConversionCheck.check(HD_VIDEO, OutputFormat.MP4, 3840, null));
        assertEquals("width", wide.field());
        SmidgenException tall = assertCode(
                ErrorCode.UPSCALE_NOT_ALLOWED, () -> ConversionCheck.check(PHOTO, OutputFormat.PNG, null, 668));
        assertEquals("height", tall.field());
        ConversionCheck.check(HD_VIDEO, OutputFormat.MP4, 1920, 1080);
    }

    @Test
    void anOutputSideTakenFromTheInputIsCappedLikeAnAskedOne() {
        ProbedFacts hugePng = TestFacts.of(Kind.IMAGE, 16000, 16000, null, false);
        SmidgenException fromInput = assertCode(
                ErrorCode.OUTPUT_TOO_LARGE, () -> ConversionCheck.check(hugePng, OutputFormat.WEBP, null, null));
        assertEquals("width", fromInput.field());
        assertTrue(fromInput.getMessage().contains("16000x16000"), fromInput.getMessage());
        // One side asked for, the other derived from the input's proportions past the cap.
        ProbedFacts tall = TestFacts.of(Kind.IMAGE, 1000, 20000, null, false);
        SmidgenException derived =
                assertCode(ErrorCode.OUTPUT_TOO_LARGE, () -> ConversionCheck.check(tall, OutputFormat.PNG, 500, null));
        assertEquals("height", derived.field());
        // At the cap is fine; asking for a smaller size of a huge input is the way out.
        ProbedFacts square = TestFacts.of(Kind.IMAGE, ConversionCheck.MAX_SIDE, ConversionCheck.MAX_SIDE, null, false);
        ConversionCheck.check(square, OutputFormat.PNG, null, null);
        assertEquals(new OutputSize(1000, 1000), ConversionCheck.check(hugePng, OutputFormat.WEBP, 1000, null));
    }

    /** Issue 18, finding 1: an 8000x8000 frame to webm wanted 6.7 GB; it is refused when asked for. */
    @Test
    void aVideoOutputOfMoreThanEightKPixelsIsRefusedWhenAskedFor() {
        ProbedFacts hugeFrame = TestFacts.of(Kind.VIDEO, 8000, 8000, 0.04, false);
        SmidgenException refused = assertCode(
                ErrorCode.OUTPUT_TOO_LARGE, () -> ConversionCheck.check(hugeFrame, OutputFormat.WEBM, null, null));
        assertTrue(refused.getMessage().contains("8000x8000 (64.0 megapixels)"), refused.getMessage());
        // 8K DCI itself is allowed, and so is a still image of the same frame (one picture, no encoder state).
        ProbedFacts eightK = TestFacts.of(Kind.VIDEO, 8192, 4320, 10.0, true);
        assertEquals(new OutputSize(8192, 4320), ConversionCheck.check(eightK, OutputFormat.MP4, null, null));
        assertEquals(new OutputSize(8000, 8000), ConversionCheck.check(hugeFrame, OutputFormat.PNG, null, null));
        assertEquals(new OutputSize(4000, 4000), ConversionCheck.check(hugeFrame, OutputFormat.WEBM, 4000, null));
    }

    @Test
    void aGifOfALargeVideoIsScaledToFitAndALargeGifIsRefused() {
        ProbedFacts uhd = TestFacts.of(Kind.VIDEO, 3840, 2160, 10.0, true);
        assertEquals(new OutputSize(1024, 576), ConversionCheck.check(uhd, OutputFormat.GIF, null, null));
        ProbedFacts portrait = TestFacts.of(Kind.VIDEO, 1080, 1920, 10.0, true);
        assertEquals(new OutputSize(576, 1024), ConversionCheck.check(portrait, OutputFormat.GIF, null, null));
        // Small inputs keep their size; an explicit size within the bound is kept as asked.
        assertEquals(new OutputSize(640, 480), ConversionCheck.check(SILENT_VIDEO, OutputFormat.GIF, null, null));
        assertEquals(new OutputSize(800, 450), ConversionCheck.check(uhd, OutputFormat.GIF, 800, null));
        SmidgenException tooWide =
                assertCode(ErrorCode.OUTPUT_TOO_LARGE, () -> ConversionCheck.check(uhd, OutputFormat.GIF, 1920, null));
        assertEquals("width", tooWide.field());
        // Other image formats keep the general bound.
        assertEquals(new OutputSize(3840, 2160), ConversionCheck.check(uhd, OutputFormat.PNG, null, null));
    }

    @Test
    void audioOutputsHaveNoSize() {
        assertEquals(new OutputSize(null, null), ConversionCheck.check(HD_VIDEO, OutputFormat.MP3, null, null));
        assertCode(ErrorCode.INVALID_REQUEST, () -> ConversionCheck.check(SONG, OutputFormat.MP3, 100, null));
    }

    @Test
    void formatsBelongToTheirKind() {
        assertEquals(OutputFormat.JPEG, OutputFormat.of(Kind.IMAGE, "jpg"));
        assertEquals(OutputFormat.OGG, OutputFormat.of(Kind.AUDIO, "ogg"));
        assertEquals(OutputFormat.AAC, OutputFormat.of(Kind.AUDIO, "aac"));
        assertEquals(OutputFormat.OPUS, OutputFormat.of(Kind.AUDIO, "opus"));
        // aac and opus are audio files: a video output of them is an unknown format, not an audio-only video.
        assertEquals(
                "format",
                assertCode(ErrorCode.INVALID_REQUEST, () -> OutputFormat.of(Kind.VIDEO, "aac"))
                        .field());
        assertEquals(
                "format",
                assertCode(ErrorCode.INVALID_REQUEST, () -> OutputFormat.of(Kind.VIDEO, "opus"))
                        .field());
        SmidgenException e = assertCode(ErrorCode.INVALID_REQUEST, () -> OutputFormat.of(Kind.AUDIO, "mp4"));
        assertEquals("format", e.field());
    }

    @Test
    void aacAndOpusAreNamedAsBrowsersPlayThem() {
        assertEquals("m4a", OutputFormat.AAC.extension());
        assertEquals("audio/mp4", OutputFormat.AAC.mimeType());
        assertEquals("opus", OutputFormat.OPUS.extension());
        assertEquals("audio/ogg; codecs=opus", OutputFormat.OPUS.mimeType());
        assertEquals(Kind.AUDIO, OutputFormat.AAC.kind());
        assertEquals(Kind.AUDIO, OutputFormat.OPUS.kind());
        // The audio row of the matrix: from audio and from a video with sound, never from a picture or silence.
        for (OutputFormat format : List.of(OutputFormat.AAC, OutputFormat.OPUS)) {
            assertEquals(new OutputSize(null, null), ConversionCheck.check(SONG, format, null, null));
            assertEquals(new OutputSize(null, null), ConversionCheck.check(HD_VIDEO, format, null, null));
            assertCode(ErrorCode.CONVERSION_NOT_ALLOWED, () -> ConversionCheck.check(PHOTO, format, null, null));
            assertCode(ErrorCode.CONVERSION_NOT_ALLOWED, () -> ConversionCheck.check(SILENT_VIDEO, format, null, null));
        }
    }

    private static SmidgenException assertCode(ErrorCode code, Runnable call) {
        SmidgenException e = assertThrows(SmidgenException.class, call::run);
        assertEquals(code, e.code());
        return e;
    }

    @Test
    void startPicksTheFrameOfAnImageFromATimedInput() {
        assertEquals(12.5, ConversionCheck.start(12.5, OutputFormat.JPEG, "start"));
        assertEquals(0.0, ConversionCheck.start(0, OutputFormat.GIF, "start"));
        assertEquals(null, ConversionCheck.start(null, OutputFormat.MP4, "start"));
        assertEquals(
                "start",
                assertCode(ErrorCode.INVALID_REQUEST, () -> ConversionCheck.start(-0.5, OutputFormat.JPEG, "start"))
                        .field());
        assertEquals(
                "start",
                assertCode(ErrorCode.INVALID_REQUEST, () -> ConversionCheck.start("3", OutputFormat.JPEG, "start"))
                        .field());
        assertEquals(
                "start",
                assertCode(
                                ErrorCode.INVALID_REQUEST,
                                () -> ConversionCheck.start(Double.NaN, OutputFormat.PNG, "start"))
                        .field());
        // Video and audio outputs take a start too: where their clip begins.
        assertEquals(1.0, ConversionCheck.start(1, OutputFormat.MP4, "start"));
        assertEquals(1.0, ConversionCheck.start(1, OutputFormat.MP3, "start"));
        assertEquals(
                "start",
                assertCode(
                                ErrorCode.INVALID_REQUEST,
                                () -> ConversionCheck.check(
                                        HD_VIDEO, OutputFormat.MP4, null, null, HD_VIDEO.duration()))
                        .field());

        double end = HD_VIDEO.duration();
        assertEquals(new OutputSize(1920, 1080), ConversionCheck.check(HD_VIDEO, OutputFormat.JPEG, null, null, end));
        SmidgenException late = assertCode(
                ErrorCode.INVALID_REQUEST,
                () -> ConversionCheck.check(HD_VIDEO, OutputFormat.JPEG, null, null, end + 0.5));
        assertEquals("start", late.field());
        assertTrue(late.getMessage().contains("past the end"), late.getMessage());
        assertEquals(
                "start",
                assertCode(
                                ErrorCode.INVALID_REQUEST,
                                () -> ConversionCheck.check(PHOTO, OutputFormat.PNG, null, null, 1.0))
                        .field());
    }
}
