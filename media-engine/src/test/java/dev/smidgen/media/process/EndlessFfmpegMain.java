package dev.smidgen.media.process;

import java.time.Duration;
import java.util.List;

/**
 * A stand-in worker for {@link ParentWatchTests}: runs an FFmpeg that never ends on its own, tagged
 * with the marker in {@code args[0]}, until the test kills this JVM.
 */
public final class EndlessFfmpegMain {
    private EndlessFfmpegMain() {}

    public static void main(String[] args) {
        FfmpegRunner.shared().run(endless(args[0]).withTimeout(Duration.ofMinutes(5)), "orphan_probe");
    }

    /** An FFmpeg run that never ends on its own ({@code -re} paces an endless source), findable by {@code marker}. */
    static FfmpegInvocation endless(String marker) {
        return FfmpegInvocation.ffmpeg(List.of(
                "-nostdin",
                "-v",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440",
                "-metadata",
                "comment=" + marker,
                "-f",
                "null",
                "-"));
    }
}
