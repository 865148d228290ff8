package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.process.ProgressListener;
import dev.smidgen.media.transcode.TranscodeArgs;
import dev.smidgen.media.transcode.TranscodeResult;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.media.transcode.hls.HlsArgs;
import dev.smidgen.media.transcode.hls.HlsSpec;
import dev.smidgen.model.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Encodes the audio of a split video conversion once, for the whole input: encoding it per segment would
 * put a codec's priming and padding at every boundary, heard as gaps or clicks. The arguments are the
 * unsplit conversion's own ({@link TranscodeArgs#audioTrack}), so the track is exactly the one it would
 * have, on the same timeline.
 */
public final class AudioTrackEncoder {
    /** File name extension of the track: Matroska audio. */
    public static final String EXTENSION = "mka";

    private static final Logger LOG = Logger.getLogger(AudioTrackEncoder.class);

    private final EncodeRuns runs;

    /** @param memoryLimitBytes the FFmpeg process's memory ceiling (0: none) */
    public AudioTrackEncoder(FfmpegRunner runner, long memoryLimitBytes) {
        this.runs = new EncodeRuns(runner, memoryLimitBytes);
    }

    /**
     * @param inputDuration the input's duration in seconds (from its probe)
     * @param output        the track's file (its directory must exist; replaced)
     * @return the track, or empty (and nothing run) when the conversion has no audio
     * @throws dev.smidgen.model.SmidgenException as {@link dev.smidgen.media.transcode.Transcoder#run} does
     */
    public Optional<TranscodeResult> encode(
            MediaInput input,
            TranscodeSpec spec,
            Double inputDuration,
            int threads,
            Path output,
            Duration timeout,
            ProgressListener progress,
            String context) {
        if (spec.format().kind() != Kind.VIDEO) {
            throw new IllegalArgumentException("only a video conversion is split: " + spec.format());
        }
        if (!spec.hasAudio()) {
            return Optional.empty();
        }
        FfmpegInvocation invocation = runs.invocation(
                        TranscodeArgs.audioTrack(input, output, spec, inputDuration, threads),
                        timeout,
                        progress,
                        TranscodeArgs.outputSeconds(spec, inputDuration))
                .inDirectory(output.getParent());
        TranscodeResult result = OutputRun.run(runs.runner(), invocation, input, output, "audio track", context);
        LOG.infof(
                "%s: encoded the audio track in %d ms, %d bytes",
                context, result.elapsed().toMillis(), result.bytes());
        return Optional.of(result);
    }

    /**
     * The audio rendition of a split HLS package, {@code audio/index.m3u8} with its fMP4 segments, into
     * {@code directory} (existing and empty; FFmpeg runs there), on the timeline of the ranges' video.
     *
     * @return its files, or empty (and nothing run) when the package has no audio
     */
    public Optional<PackagePart> encodeHls(
            MediaInput input,
            HlsSpec spec,
            Double inputDuration,
            int threads,
            Path directory,
            Duration timeout,
            ProgressListener progress,
            String context) {
        if (!spec.hasAudio()) {
            return Optional.empty();
        }
        FfmpegInvocation invocation = runs.invocation(
                HlsSegmentArgs.audio(input, spec, threads), timeout, progress, HlsArgs.outputSeconds(inputDuration));
        PackagePart part = PackageRun.run(runs.runner(), invocation, input, directory, "audio rendition", context);
        LOG.infof(
                "%s: encoded the HLS audio rendition in %d ms, %d bytes",
                context, part.elapsed().toMillis(), part.bytes());
        return Optional.of(part);
    }
}
