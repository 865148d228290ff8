package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.process.ProgressListener;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The runner and memory ceiling an encoder of this package runs FFmpeg with, and how its invocations are
 * made: bounded in time and memory, with progress always requested, so that the logged command is the
 * same whether or not anyone listens.
 *
 * @param memoryLimitBytes the FFmpeg process's memory ceiling, as a whole conversion's (0: none)
 */
record EncodeRuns(FfmpegRunner runner, long memoryLimitBytes) {
    private static final ProgressListener IGNORE_PROGRESS = progress -> {};

    EncodeRuns {
        Objects.requireNonNull(runner, "runner");
        if (memoryLimitBytes < 0) {
            throw new IllegalArgumentException("memoryLimitBytes must not be negative");
        }
    }

    /** @param expectedSeconds what progress fractions are relative to; null when unknown */
    FfmpegInvocation invocation(
            List<String> args, Duration timeout, ProgressListener progress, Double expectedSeconds) {
        return FfmpegInvocation.ffmpeg(args)
                .withTimeout(timeout)
                .withMemoryLimit(memoryLimitBytes)
                .withProgress(progress == null ? IGNORE_PROGRESS : progress, expectedSeconds);
    }
}
