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
        FfmpegInvocation endless = FfmpegInvocation.ffmpeg(List.of(
                        "-nostdin",
                        "-v",
                        "error",
                        "-re",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440",
                        "-metadata",
                        "comment=" + args[0],
                        "-f",
                        "null",
                        "-"))
                .withTimeout(Duration.ofMinutes(5));
        FfmpegRunner.shared().run(endless, "orphan_probe");
    }
}
