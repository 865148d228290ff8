package dev.smidgen.media.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FfmpegFailureTests {

    @Test
    void aKillBySignalIsWorthRetrying() {
        assertTrue(exit(137).isTransient(), "SIGKILL (OOM killer)");
        assertTrue(exit(143).isTransient(), "SIGTERM");
        assertTrue(exit(139).isTransient(), "SIGSEGV");
    }

    @Test
    void ffmpegsOwnErrorsAreNot() {
        // ffmpeg exits with (AVERROR & 0xFF): these fail the same way every time.
        assertFalse(exit(183).isTransient(), "invalid data");
        assertFalse(exit(187).isTransient(), "external library error");
        assertFalse(exit(234).isTransient(), "EINVAL");
        assertFalse(exit(254).isTransient(), "ENOENT");
        assertFalse(exit(69).isTransient(), "decode error rate exceeded");
        assertFalse(exit(1).isTransient());
        assertEquals(ErrorCode.INTERNAL, exit(183).code());
    }

    @Test
    void timeoutsAreWorthRetrying() {
        FfmpegFailure timedOut = new FfmpegFailure(
                Tool.FFMPEG,
                FfmpegFailure.Reason.TIMED_OUT,
                "ffmpeg",
                null,
                "",
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                null);
        assertTrue(timedOut.isTransient());
        assertEquals(ErrorCode.INTERNAL, timedOut.code());
    }

    private static FfmpegFailure exit(int status) {
        return new FfmpegFailure(
                Tool.FFMPEG,
                FfmpegFailure.Reason.EXIT_STATUS,
                "ffmpeg -i x",
                status,
                "",
                Duration.ofMillis(5),
                Duration.ofMinutes(1),
                null);
    }
}
