package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.process.ProgressListener;
import dev.smidgen.media.transcode.TranscodeArgs;
import dev.smidgen.media.transcode.TranscodeResult;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.media.transcode.hls.HlsSpec;
import dev.smidgen.model.Kind;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Encodes the video of one {@link SegmentRange} of a conversion ({@link SegmentArgs}) into a file of
 * {@link SegmentContainer#of the spec's segment container}, ready for {@link SegmentJoiner}. Audio is
 * not here: {@link AudioTrackEncoder} encodes it once for the whole conversion.
 */
public final class SegmentEncoder {
    private static final Logger LOG = Logger.getLogger(SegmentEncoder.class);

    private final EncodeRuns runs;

    /** @param memoryLimitBytes the FFmpeg process's memory ceiling, as a whole conversion's (0: none) */
    public SegmentEncoder(FfmpegRunner runner, long memoryLimitBytes) {
        this.runs = new EncodeRuns(runner, memoryLimitBytes);
    }

    /**
     * @param threads  threads the segment may use (0: FFmpeg's default of about one per core)
     * @param output   the segment file (its directory must exist; replaced); any name, the muxer is explicit
     * @param timeout  wall-clock limit of the FFmpeg run, past it {@code deadline_exceeded}
     * @param progress fractions relative to the range's length (none until the end for the last range of an
     *                 input whose duration is unknown); may be null
     * @param context  who the work is for (the task id), used in log lines
     * @throws dev.smidgen.model.SmidgenException as {@link dev.smidgen.media.transcode.Transcoder#run} does
     */
    public TranscodeResult encode(
            MediaInput input,
            SegmentRange range,
            TranscodeSpec spec,
            int threads,
            Path output,
            Duration timeout,
            ProgressListener progress,
            String context) {
        if (spec.format().kind() != Kind.VIDEO) {
            throw new IllegalArgumentException("only a video conversion is split: " + spec.format());
        }
        InputTimeline timeline = InputTimeline.probe(runs.runner(), input, context);
        FfmpegInvocation invocation = runs.invocation(
                        SegmentArgs.build(input, timeline, range, spec, threads, output),
                        timeout,
                        progress,
                        seconds(range, timeline))
                .inDirectory(output.getParent());
        LOG.infof(
                "%s: encoding segment %d [%s, %s) to %s %dx%d",
                context,
                range.index(),
                SegmentArgs.seconds(range.start()),
                SegmentArgs.seconds(range.end()),
                TranscodeArgs.videoCodec(spec).wire(),
                spec.width(),
                spec.height());
        TranscodeResult result =
                OutputRun.run(runs.runner(), invocation, input, output, "segment " + range.index(), context);
        LOG.infof(
                "%s: encoded segment %d in %d ms, %d bytes",
                context, range.index(), result.elapsed().toMillis(), result.bytes());
        return result;
    }

    /**
     * Encodes every rung of an HLS ladder for one range from one decode ({@link HlsSegmentArgs}) into
     * {@code directory}, which must exist and be empty; FFmpeg runs there. The files are named after the
     * range, so all ranges' directories merge into one package ({@link SegmentJoiner#joinHls}).
     *
     * @param threads threads the run may use, shared among the rungs' encoders as the unsplit package shares
     *                them (0: FFmpeg's default)
     */
    public PackagePart encodeHls(
            MediaInput input,
            SegmentRange range,
            HlsSpec spec,
            int threads,
            Path directory,
            Duration timeout,
            ProgressListener progress,
            String context) {
        InputTimeline timeline = InputTimeline.probe(runs.runner(), input, context);
        FfmpegInvocation invocation = runs.invocation(
                HlsSegmentArgs.range(input, timeline, range, spec, threads),
                timeout,
                progress,
                seconds(range, timeline));
        LOG.infof(
                "%s: encoding HLS segment %d [%s, %s) in %d rungs",
                context,
                range.index(),
                SegmentArgs.seconds(range.start()),
                SegmentArgs.seconds(range.end()),
                spec.rungs().size());
        PackagePart part =
                PackageRun.run(runs.runner(), invocation, input, directory, "HLS segment " + range.index(), context);
        LOG.infof(
                "%s: encoded HLS segment %d in %d ms, %d files, %d bytes",
                context, range.index(), part.elapsed().toMillis(), part.files().size(), part.bytes());
        return part;
    }

    /** Seconds the range covers, which progress is relative to; null when its end is unknown. */
    private static Double seconds(SegmentRange range, InputTimeline timeline) {
        double start = range.start() == Double.NEGATIVE_INFINITY ? timeline.startSeconds() : range.start();
        double end = range.end();
        if (end == Double.POSITIVE_INFINITY) {
            if (timeline.durationSeconds() == null) {
                return null;
            }
            end = timeline.startSeconds() + timeline.durationSeconds();
        }
        return end > start ? end - start : null;
    }
}
