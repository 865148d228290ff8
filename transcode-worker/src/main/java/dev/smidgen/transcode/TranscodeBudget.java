package dev.smidgen.transcode;

import dev.smidgen.media.limits.PictureLimits;
import dev.smidgen.media.transcode.TranscodeResources;
import java.time.Duration;

/**
 * What one conversion may use, from the worker's settings and the machine: its deadline, scaled by the
 * input's length, and its FFmpeg's threads and memory ceiling.
 */
record TranscodeBudget(
        Duration base,
        Duration perMediaSecond,
        Duration maxDeadline,
        TranscodeResources resources,
        PictureLimits inputs) {

    static TranscodeBudget of(TranscodeConfig config, int concurrency, int cores) {
        int threads = config.ffmpegThreads()
                .orElse(Math.min(
                        TranscodeResources.DEFAULT_MAX_THREADS, Math.max(1, cores / Math.max(1, concurrency))));
        return new TranscodeBudget(
                config.deadlineBase(),
                config.deadlinePerMediaSecond(),
                config.timeout(),
                new TranscodeResources(threads, config.ffmpegMemoryLimit()),
                new PictureLimits(config.maxInputPixels(), config.maxInputFrames()));
    }

    /** base + per second × the input's duration (none for a still image), at most the longest run. */
    Duration deadline(Double inputSeconds) {
        Duration deadline = base;
        if (inputSeconds != null && inputSeconds > 0) {
            deadline =
                    deadline.plusNanos((long) Math.min(Long.MAX_VALUE / 2.0, perMediaSecond.toNanos() * inputSeconds));
        }
        return deadline.compareTo(maxDeadline) > 0 ? maxDeadline : deadline;
    }
}
