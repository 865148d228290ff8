package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts of an input's timeline that a split conversion depends on, read with one ffprobe of its
 * header (no packets): where its timeline starts, which is what an unsplit FFmpeg run subtracts from
 * every timestamp, and its video frame rate, which the encoder level is chosen for.
 *
 * @param startSeconds    the container's start time on its own timeline (often 0)
 * @param durationSeconds the container's duration, or null when it does not say
 * @param frameRate       the video's average frame rate (else its base rate), or null when unknown
 */
record InputTimeline(double startSeconds, Double durationSeconds, Double frameRate) {
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    static InputTimeline probe(FfmpegRunner runner, MediaInput input, String context) {
        return parse(ProbeReport.of(
                runner,
                input,
                List.of(
                        "-select_streams",
                        "V:0",
                        "-show_entries",
                        "format=start_time,duration:stream=avg_frame_rate,r_frame_rate",
                        "-of",
                        "default=noprint_wrappers=1"),
                PROBE_TIMEOUT,
                FfmpegInvocation.DEFAULT_STDOUT_LIMIT,
                context));
    }

    /** Reads ffprobe's {@code key=value} lines; a missing or {@code N/A} start counts as 0, as FFmpeg does. */
    static InputTimeline parse(String report) {
        Map<String, String> values = new HashMap<>();
        for (String line : report.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(
                        line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        Double start = number(values.get("start_time"));
        Double rate = rate(values.get("avg_frame_rate"));
        return new InputTimeline(
                start == null ? 0 : start,
                number(values.get("duration")),
                rate != null ? rate : rate(values.get("r_frame_rate")));
    }

    private static Double number(String value) {
        if (value == null) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value);
            return Double.isFinite(parsed) ? parsed : null;
        } catch (NumberFormatException e) {
            return null; // N/A
        }
    }

    private static Double rate(String fraction) {
        if (fraction == null) {
            return null;
        }
        int slash = fraction.indexOf('/');
        Double num = number(slash < 0 ? fraction : fraction.substring(0, slash));
        Double den = slash < 0 ? Double.valueOf(1) : number(fraction.substring(slash + 1));
        return num == null || den == null || num <= 0 || den <= 0 ? null : num / den;
    }
}
