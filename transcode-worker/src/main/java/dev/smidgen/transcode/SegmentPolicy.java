package dev.smidgen.transcode;

import dev.smidgen.media.transcode.hls.HlsSpec;
import dev.smidgen.model.Kind;
import java.time.Duration;

/**
 * Which conversions are split into segment children (docs/adr/0013-segment-child-tasks.md): a video (mp4,
 * webm, mov, or an HLS ladder) of an input whose converted span, after a requested start/end clip, lasts
 * at least {@code minDuration}. Audio, images and storyboards run whole, as does an animated WebP
 * (decoded to an intermediate first) and any input whose duration was never recorded.
 *
 * @param enabled     whether splitting is on at all
 * @param minDuration the shortest span that is split
 * @param length      target length of one segment
 */
record SegmentPolicy(boolean enabled, Duration minDuration, Duration length) {
    static SegmentPolicy of(TranscodeConfig.Segments config) {
        return new SegmentPolicy(config.enabled(), config.minDuration(), config.length());
    }

    /** Whether {@code job} of an input with {@code mimeType} and {@code duration} (seconds, or null) is split. */
    boolean splits(TranscodeJob job, String mimeType, Double duration) {
        if (!enabled || job.isStoryboard() || job.format().kind() != Kind.VIDEO || "image/webp".equals(mimeType)) {
            return false;
        }
        double span = span(job, duration);
        return span > 0 && span * 1000 >= minDuration.toMillis();
    }

    /**
     * Seconds of the input the conversion covers: from its start (or 0) to its end (or the input's end); all
     * of it for an HLS ladder.
     */
    static double span(TranscodeJob job, Double duration) {
        if (duration == null || !(duration > 0)) {
            return 0;
        }
        if (job.format().isPackage()) {
            return duration; // a ladder is never clipped
        }
        double start = job.start() == null ? 0 : job.start();
        Double end = job.encoding().end();
        double stop = end == null ? duration : Math.min(end, duration);
        return Math.max(0, stop - start);
    }

    /**
     * The target segment length in seconds for {@code job}: for an HLS ladder a whole number of its media
     * segments ({@link HlsSpec#SEGMENT_SECONDS}), so that only the last one of each range is short.
     */
    double lengthSeconds(TranscodeJob job) {
        double seconds = length.toMillis() / 1000.0;
        if (!job.format().isPackage()) {
            return seconds;
        }
        return HlsSpec.SEGMENT_SECONDS * Math.max(1, Math.round(seconds / HlsSpec.SEGMENT_SECONDS));
    }
}
