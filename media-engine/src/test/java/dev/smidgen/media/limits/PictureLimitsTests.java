package dev.smidgen.media.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.testing.TestMedia;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PictureLimitsTests {
    private final PictureLimits limits = PictureLimits.defaults();

    @Test
    void theDefaultsAreEightKSquareAndTenHoursAtThirtyFps() {
        limits.check(image(8192, 8192));
        limits.check(video(7680, 4320, 36_000.0, 30.0, null));
        SmidgenException wide = assertThrows(SmidgenException.class, () -> limits.check(image(16000, 16000)));
        assertEquals(ErrorCode.INPUT_TOO_LARGE, wide.code());
        assertFalse(wide.isTransient());
        assertTrue(wide.getMessage().contains("16000x16000"), wide.getMessage());
        assertTrue(wide.getMessage().contains("67108864"), wide.getMessage());
    }

    @Test
    void framesAreTheStatedCountElseDurationTimesRate() {
        PictureLimits few = new PictureLimits(PictureLimits.DEFAULT_MAX_PIXELS, 100);
        few.check(video(320, 240, 4.0, 25.0, null));
        assertEquals(
                ErrorCode.INPUT_TOO_LARGE,
                assertThrows(SmidgenException.class, () -> few.check(video(320, 240, 4.2, 25.0, null)))
                        .code());
        assertEquals(
                ErrorCode.INPUT_TOO_LARGE,
                assertThrows(SmidgenException.class, () -> few.check(video(320, 240, 1.0, 25.0, 101L)))
                        .code());
        // Audio has no picture to bound.
        few.check(new ProbeResult(
                Kind.AUDIO,
                "audio/mpeg",
                "mp3",
                "mp3",
                "mp3",
                "mp3",
                null,
                null,
                36_000.0,
                null,
                1L,
                1,
                0,
                null,
                false,
                true,
                false,
                false,
                null));
    }

    /**
     * A decompression bomb: a 16000x16000 PNG of a few hundred kilobytes. ffprobe alone used to decode it
     * (770 MB, seconds); the decoder's pixel limit stops it at the header.
     */
    @Test
    void aPngBombIsRefusedByTheProbeBeforeItIsDecoded(@TempDir Path dir) throws IOException {
        Path bomb = TestMedia.pngBomb(dir, "bomb", 16000, 16000);
        assertTrue(Files.size(bomb) < 2_000_000, "bomb of " + Files.size(bomb) + " bytes");
        long started = System.nanoTime();
        SmidgenException refused =
                assertThrows(SmidgenException.class, () -> Ffprobe.probe(MediaInput.file(bomb), "task_bomb", limits));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(ErrorCode.INPUT_TOO_LARGE, refused.code(), refused.getMessage());
        assertTrue(refused.getMessage().contains("16000x16000"), refused.getMessage());
        // Decoding it took ~18 s before; refusing at the header takes ~0.1 s on an idle machine. The bound is
        // loose so that a loaded CI machine (starting ffprobe there can take seconds) does not fail it.
        assertTrue(millis < 10_000, "refused after " + millis + " ms");
    }

    private static ProbeResult image(int width, int height) {
        return new ProbeResult(
                Kind.IMAGE,
                "image/png",
                "png",
                "png",
                "png",
                null,
                width,
                height,
                null,
                null,
                null,
                1L,
                0,
                "square",
                false,
                false,
                false,
                false,
                1L);
    }

    private static ProbeResult video(int width, int height, double duration, double fps, Long frames) {
        return new ProbeResult(
                Kind.VIDEO,
                "video/mp4",
                "mp4",
                "mp4",
                "h264",
                null,
                width,
                height,
                duration,
                fps,
                1000L,
                1L,
                0,
                "landscape",
                true,
                false,
                false,
                false,
                frames);
    }
}
