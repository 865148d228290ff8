package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.transcode.TranscodeArgs;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.model.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Cuts a video conversion into {@link SegmentRange}s of about {@code targetSeconds}, at keyframes where
 * the input has them near each multiple of the target, else at exact frame times ({@link SegmentCuts}).
 *
 * <p>Cheap and bounded: one ffprobe of the header ({@link InputTimeline}) and one of the video packets
 * (times and keyframe flags, nothing decoded) in a short read window around each wanted cut, so a long
 * input in the store is not read end to end. Each run has its deadline; a plan holds at most
 * {@link #MAX_RANGES} ranges.
 *
 * <p>Clipping: a conversion with a {@code start} or {@code end} is planned over the clipped interval
 * only, with the unsplit conversion's own rules: its first range starts at the input's start time plus
 * {@code start} (the frames an accurate seek keeps), and its last range ends {@code end - start}
 * seconds after the first frame kept (FFmpeg's {@code -t} counts from that frame).
 */
public final class SegmentPlanner {
    /** Most ranges of one plan: each is a task, a file and a row; a longer target is the remedy. */
    public static final int MAX_RANGES = 2000;
    /** Shortest target: below it each segment's fixed cost (a process, a seek, a keyframe) dominates. */
    public static final double MIN_TARGET_SECONDS = 1.0;
    /**
     * Longest timeline a plan covers: MPEG-TS timestamps wrap after 2^33 ticks of 90 kHz (26.5 h), and a
     * segment's are shifted by {@link SegmentArgs#TIMELINE_OFFSET_SECONDS}.
     */
    public static final double MAX_TIMELINE_SECONDS = 24 * 3600;
    /** How far before a wanted cut packets are read: the frame before the cut and the keyframe before it. */
    static final double LOOK_BEHIND_SECONDS = 1.0;
    /** ffprobe's packet lines for all windows: about 20 bytes a packet. */
    static final int MAX_PACKET_REPORT_BYTES = 16 << 20;

    private static final Logger LOG = Logger.getLogger(SegmentPlanner.class);

    private final FfmpegRunner runner;

    public SegmentPlanner(FfmpegRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** An unclipped conversion's plan: see {@link #plan(MediaInput, TranscodeSpec, double, double, Duration, String)}. */
    public List<SegmentRange> plan(
            MediaInput input, double durationSeconds, double targetSeconds, Duration timeout, String context) {
        return plan(input, null, durationSeconds, targetSeconds, timeout, context);
    }

    /**
     * @param spec            the conversion (its {@code start} and {@code end} clip the plan); null for none
     * @param durationSeconds the input's duration (from its probe)
     * @param targetSeconds   wanted length of a segment, at least {@value #MIN_TARGET_SECONDS}
     * @param timeout         deadline of the packet read
     * @param context         who the work is for (the task id), used in log lines
     * @return ranges in order that cover the conversion's frames without gap or overlap
     * @throws NotSplittable  when the input's video has no usable timestamps or the plan would be out of bounds
     * @throws dev.smidgen.model.SmidgenException as {@link InputFault} classifies a failed probe
     */
    public List<SegmentRange> plan(
            MediaInput input,
            TranscodeSpec spec,
            double durationSeconds,
            double targetSeconds,
            Duration timeout,
            String context) {
        if (spec != null && spec.format().kind() != Kind.VIDEO) {
            throw new IllegalArgumentException("only a video conversion is split: " + spec.format());
        }
        if (spec != null && !SegmentContainer.canSplit(spec)) {
            throw new NotSplittable("a " + spec.format().wire() + " file has no timestamps to join segments on.");
        }
        if (!(targetSeconds >= MIN_TARGET_SECONDS) || !Double.isFinite(targetSeconds)) {
            throw new IllegalArgumentException(
                    "target must be at least " + MIN_TARGET_SECONDS + " s: " + targetSeconds);
        }
        if (!(durationSeconds > 0) || durationSeconds > MAX_TIMELINE_SECONDS) {
            throw new NotSplittable("its duration (" + durationSeconds + " s) is not between 0 and "
                    + (long) MAX_TIMELINE_SECONDS + " s.");
        }
        InputTimeline timeline = InputTimeline.probe(runner, input, context);
        double from = spec == null || spec.frameAt() == null ? 0 : spec.frameAt();
        Double clip = spec == null
                ? Double.valueOf(durationSeconds - from)
                : TranscodeArgs.clipSeconds(spec, durationSeconds);
        if (clip == null || !(clip > 0)) {
            throw new NotSplittable("its clip holds no time.");
        }
        double origin = timeline.startSeconds() + from;
        if (origin + clip > MAX_TIMELINE_SECONDS || timeline.startSeconds() < -SegmentArgs.TIMELINE_OFFSET_SECONDS) {
            throw new NotSplittable("its timeline runs past " + (long) MAX_TIMELINE_SECONDS + " s.");
        }
        boolean clipsStart = from > 0;
        boolean clipsEnd = spec != null && spec.encoding().end() != null;
        int count = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(clip / targetSeconds)));
        if (count > MAX_RANGES) {
            throw new NotSplittable("it would take " + count + " segments, more than " + MAX_RANGES + ".");
        }
        double[] wanted = new double[count - 1];
        for (int k = 1; k < count; k++) {
            wanted[k - 1] = origin + k * targetSeconds;
        }
        if (wanted.length == 0 && !clipsStart && !clipsEnd) {
            return List.of(
                    new SegmentRange(0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        }
        List<double[]> windows = new ArrayList<>();
        // Around the clip's first frame, which the first range's decoding and a clipped end are counted from.
        windows.add(new double[] {origin - LOOK_BEHIND_SECONDS, origin + targetSeconds});
        for (double c : wanted) {
            windows.add(new double[] {c - LOOK_BEHIND_SECONDS, c + targetSeconds / 2});
        }
        FrameIndex frames = readFrames(input, timeline.startSeconds(), windows, timeout, context);
        if (frames.size() == 0) {
            throw new NotSplittable("its video has no packet with a timestamp.");
        }
        int first = frames.firstAtOrAfter(origin);
        if (first < 0) {
            throw new NotSplittable("its video has no frame in the clip.");
        }
        double clipEnd = clipsEnd ? frames.pts(first) + clip : Double.POSITIVE_INFINITY;
        List<SegmentRange> ranges =
                SegmentCuts.cut(frames, clipsStart ? origin : Double.NEGATIVE_INFINITY, clipEnd, wanted, targetSeconds);
        LOG.infof(
                "%s: planned %d segments of about %.1f s over %.1f s (%d frames read)",
                context, ranges.size(), targetSeconds, clip, frames.size());
        return ranges;
    }

    /** The video packets in {@code windows} (times on the input's timeline), with one ffprobe run. */
    private FrameIndex readFrames(
            MediaInput input, double inputStart, List<double[]> windows, Duration timeout, String context) {
        String report = ProbeReport.of(
                runner,
                input,
                List.of(
                        "-select_streams",
                        "V:0",
                        "-show_entries",
                        "packet=pts_time,flags",
                        "-read_intervals",
                        intervals(windows, inputStart),
                        "-of",
                        "csv=print_section=0"),
                timeout,
                MAX_PACKET_REPORT_BYTES,
                context);
        return parsePackets(report);
    }

    /**
     * ffprobe's {@code -read_intervals}: each window from a seek (to the keyframe at or before its start;
     * from the beginning when it starts there) up to its end, in absolute seconds on the input's timeline.
     */
    static String intervals(List<double[]> windows, double inputStart) {
        StringBuilder spec = new StringBuilder();
        for (double[] window : windows) {
            if (!spec.isEmpty()) {
                spec.append(',');
            }
            if (window[0] > inputStart) {
                spec.append(seconds(window[0]));
            }
            spec.append('%').append(seconds(window[1]));
        }
        return spec.toString();
    }

    /**
     * Reads {@code pts_time,flags} lines. Packets without a time are skipped, and so are packets the
     * demuxer marks discarded ({@code D}: before an edit list's start), which no decoder outputs.
     */
    static FrameIndex parsePackets(String report) {
        List<FrameIndex.Frame> frames = new ArrayList<>();
        for (String line : report.split("\n")) {
            int comma = line.indexOf(',');
            if (comma <= 0) {
                continue;
            }
            String flags = line.substring(comma + 1);
            if (flags.indexOf('D') >= 0) {
                continue;
            }
            try {
                double pts = Double.parseDouble(line.substring(0, comma));
                if (Double.isFinite(pts)) {
                    frames.add(new FrameIndex.Frame(pts, flags.indexOf('K') >= 0));
                }
            } catch (NumberFormatException e) {
                // N/A: a packet without a presentation time (raw streams); not a frame we can place
            }
        }
        return FrameIndex.of(frames);
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.6f", seconds);
    }
}
