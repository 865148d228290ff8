package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.FfmpegCommands;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.transcode.PackageDirectory;
import dev.smidgen.media.transcode.TranscodeArgs;
import dev.smidgen.media.transcode.TranscodeResult;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.media.transcode.hls.HlsPackage;
import dev.smidgen.media.transcode.hls.HlsPackager;
import dev.smidgen.media.transcode.hls.HlsRendition;
import dev.smidgen.media.transcode.hls.HlsSpec;
import dev.smidgen.media.transcode.hls.MasterPlaylist;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.VideoCodec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Joins a split conversion's segments and its audio track into the output, copying packets (nothing is
 * re-encoded).
 *
 * <p>The segments go through FFmpeg's concat demuxer, each listed with a duration equal to the distance
 * from its first timestamp to the next segment's, read with ffprobe in microseconds, the unit the demuxer
 * counts in: every segment is then shifted by the same amount and keeps the timestamps its encoder wrote.
 * An unsplit run moves each input to start at 0 and adds its {@code -itsoffset}; the offsets put back
 * where each stream starts on the conversion's timeline, so the video (written
 * {@value SegmentArgs#TIMELINE_OFFSET_SECONDS} s late) and the audio track (written on it, encoder delay
 * included) keep the relation they have in an unsplit conversion. One exception is FFmpeg's own: with
 * a clip {@code start}, an unsplit conversion puts its first video frame at 0, and so does the join.
 */
public final class SegmentJoiner {
    /** Most segments one join takes, as a plan holds at most. */
    public static final int MAX_SEGMENTS = SegmentPlanner.MAX_RANGES;

    private static final Logger LOG = Logger.getLogger(SegmentJoiner.class);
    private static final long MICROS = 1_000_000L;

    private final FfmpegRunner runner;

    public SegmentJoiner(FfmpegRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * @param segmentsInOrder the segment files of {@link SegmentEncoder}, in range order
     * @param audio           the track of {@link AudioTrackEncoder}, empty for a silent conversion
     * @param output          the output file (its directory must exist; replaced); a failed join leaves none
     * @param timeout         wall-clock limit of each FFmpeg run
     * @throws SmidgenException {@link ErrorCode#INTERNAL} for a missing segment or a failed run (the
     *                          segments are this side's files, so their trouble is never the user's)
     */
    public TranscodeResult joinProgressive(
            List<Path> segmentsInOrder,
            Optional<Path> audio,
            TranscodeSpec spec,
            Path output,
            Duration timeout,
            String context) {
        if (spec.format().kind() != Kind.VIDEO) {
            throw new IllegalArgumentException("only a video conversion is joined: " + spec.format());
        }
        if (segmentsInOrder.isEmpty() || segmentsInOrder.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException("a join takes 1 to " + MAX_SEGMENTS + " segments");
        }
        for (Path segment : segmentsInOrder) {
            if (!Files.isRegularFile(segment)) {
                throw new SmidgenException(ErrorCode.INTERNAL, "A segment to join does not exist.");
            }
        }
        if (audio.isPresent() && !Files.isRegularFile(audio.get())) {
            throw new SmidgenException(ErrorCode.INTERNAL, "The audio track to join does not exist.");
        }
        long[] starts = new long[segmentsInOrder.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = startMicros(segmentsInOrder.get(i), timeout, context);
        }
        Long audioStart = audio.isPresent() ? startMicros(audio.get(), timeout, context) : null;
        Path list = output.resolveSibling(output.getFileName() + ".ffconcat");
        try {
            Files.writeString(list, concatList(segmentsInOrder, starts), StandardCharsets.UTF_8);
            // An unsplit conversion with a start seeks accurately, and FFmpeg then puts the first video frame it
            // keeps at 0 (not at its distance past the start, up to a frame later): so does the join.
            boolean clipsStart = spec.frameAt() != null && spec.frameAt() > 0;
            long videoOffset = clipsStart ? 0 : starts[0] - (long) (SegmentArgs.TIMELINE_OFFSET_SECONDS * MICROS);
            FfmpegInvocation invocation = FfmpegInvocation.ffmpeg(
                            args(list, videoOffset, audio.orElse(null), audioStart, spec, output))
                    .withTimeout(timeout)
                    .inDirectory(output.getParent());
            TranscodeResult result = OutputRun.run(runner, invocation, null, output, "joined output", context);
            LOG.infof(
                    "%s: joined %d segments%s into %s in %d ms, %d bytes",
                    context,
                    segmentsInOrder.size(),
                    audio.isPresent() ? " and the audio track" : "",
                    spec.format().wire(),
                    result.elapsed().toMillis(),
                    result.bytes());
            return result;
        } catch (IOException e) {
            throw SmidgenException.transientFailure(ErrorCode.INTERNAL, "The segment list cannot be written.", e);
        } finally {
            OutputRun.deleteQuietly(list);
        }
    }

    /**
     * Assembles a split HLS package from the ranges' parts ({@link SegmentEncoder#encodeHls}, in range
     * order) and the audio rendition ({@link AudioTrackEncoder#encodeHls}): their files are moved into
     * {@code packageDirectory} (existing and empty), each rung gets one media playlist over all ranges,
     * and the master playlist is measured and written as the unsplit package's is.
     *
     * @throws SmidgenException {@link ErrorCode#INTERNAL} when a part is missing or unreadable; the package
     *                          directory is then left empty
     */
    public HlsPackage joinHls(
            List<Path> rangeDirectoriesInOrder,
            Optional<Path> audioDirectory,
            HlsSpec spec,
            Path packageDirectory,
            String context) {
        if (rangeDirectoriesInOrder.isEmpty() || rangeDirectoriesInOrder.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException("a join takes 1 to " + MAX_SEGMENTS + " segments");
        }
        if (spec.hasAudio() != audioDirectory.isPresent()) {
            throw new IllegalArgumentException(
                    "a package with audio is joined with its audio rendition, and only then");
        }
        long started = System.nanoTime();
        try {
            if (!Files.isDirectory(packageDirectory)
                    || HlsPackager.files(packageDirectory).size() > 0) {
                throw new SmidgenException(ErrorCode.INTERNAL, "The package directory is missing or not empty.");
            }
            HlsJoin.assemble(rangeDirectoriesInOrder, audioDirectory.orElse(null), spec, packageDirectory);
            List<HlsRendition> renditions = MasterPlaylist.measure(packageDirectory, spec);
            MasterPlaylist.write(packageDirectory, renditions, spec.frameRate());
            List<String> files = HlsPackager.files(packageDirectory);
            long bytes = 0;
            for (String file : files) {
                bytes += Files.size(packageDirectory.resolve(file));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            LOG.infof(
                    "%s: joined %d HLS segments into a package in %d ms, %d files, %d bytes",
                    context, rangeDirectoriesInOrder.size(), elapsed.toMillis(), files.size(), bytes);
            return new HlsPackage(packageDirectory, files, renditions, bytes, elapsed);
        } catch (IOException e) {
            PackageDirectory.clear(packageDirectory);
            throw SmidgenException.transientFailure(
                    ErrorCode.INTERNAL, "The HLS segments cannot be joined: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            PackageDirectory.clear(packageDirectory);
            throw e;
        }
    }

    /** The ffconcat list: every segment but the last with its duration up to the next one's start. */
    static String concatList(List<Path> segments, long[] startMicros) {
        StringBuilder list = new StringBuilder("ffconcat version 1.0\n");
        for (int i = 0; i < segments.size(); i++) {
            // Quoted, with FFmpeg's escape for a quote; names come from the caller's work directory.
            String name = FfmpegCommands.output(segments.get(i)).replace("'", "'\\''");
            list.append("file '").append(name).append("'\n");
            if (i + 1 < segments.size()) {
                list.append("duration ")
                        .append(micros(startMicros[i + 1] - startMicros[i]))
                        .append('\n');
            }
        }
        return list.toString();
    }

    static List<String> args(
            Path list, long videoOffsetMicros, Path audio, Long audioStartMicros, TranscodeSpec spec, Path output) {
        OutputFormat format = spec.format();
        List<String> args = new ArrayList<>(FfmpegCommands.common("error"));
        args.add("-y");
        args.addAll(List.of(
                "-f",
                "concat",
                "-safe",
                "0",
                "-protocol_whitelist",
                "file",
                "-itsoffset",
                micros(videoOffsetMicros),
                "-i",
                FfmpegCommands.output(list)));
        if (audio != null) {
            args.addAll(List.of(
                    "-protocol_whitelist",
                    "file",
                    "-itsoffset",
                    micros(audioStartMicros),
                    "-i",
                    FfmpegCommands.output(audio),
                    "-map",
                    "0:v:0",
                    "-map",
                    "1:a:0"));
        } else {
            args.addAll(List.of("-map", "0:v:0"));
        }
        args.addAll(List.of("-c", "copy"));
        if (TranscodeArgs.videoCodec(spec) == VideoCodec.H265) {
            // The tag is the sample entry's, which MPEG-TS has none of; Apple's players need hvc1.
            args.addAll(List.of("-tag:v", "hvc1"));
        }
        if (format == OutputFormat.MP4 || format == OutputFormat.MOV) {
            args.addAll(List.of("-movflags", "+faststart"));
        }
        args.addAll(TranscodeArgs.outputFile(TranscodeArgs.muxer(format), output));
        return args;
    }

    /** The container start time of {@code file} in microseconds, exactly as ffprobe prints it. */
    private long startMicros(Path file, Duration timeout, String context) {
        String value = ProbeReport.of(
                        runner,
                        MediaInput.file(file),
                        List.of("-show_entries", "format=start_time", "-of", "default=noprint_wrappers=1:nokey=1"),
                        timeout,
                        FfmpegInvocation.DEFAULT_STDOUT_LIMIT,
                        context)
                .trim();
        try {
            return new BigDecimal(value).movePointRight(6).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new SmidgenException(ErrorCode.INTERNAL, "A segment to join has no start time.");
        }
    }

    /** Microseconds as FFmpeg's seconds with six decimals, exactly. */
    static String micros(long micros) {
        return BigDecimal.valueOf(micros, 6).toPlainString();
    }
}
