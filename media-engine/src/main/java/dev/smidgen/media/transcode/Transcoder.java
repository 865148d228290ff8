package dev.smidgen.media.transcode;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.StoreReadFault;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.process.ProgressListener;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Runs one conversion ({@link TranscodeArgs}) with the bundled ffmpeg: from a local file or a store URL,
 * straight into the file the caller names, with the caller's work directory as FFmpeg's own.
 */
public final class Transcoder {
    private static final Logger LOG = Logger.getLogger(Transcoder.class);
    private static final ProgressListener IGNORE_PROGRESS = progress -> {};
    /** Failures of an image taken from a video that taking it from the start instead would not mend. */
    private static final Set<ErrorCode> STOPS_AT_ONCE =
            Set.of(ErrorCode.NOT_FOUND, ErrorCode.DEADLINE_EXCEEDED, ErrorCode.RESOURCE_LIMIT);

    private static volatile Transcoder shared;

    private final FfmpegRunner runner;
    private final TranscodeResources resources;

    public Transcoder(FfmpegRunner runner) {
        this(runner, TranscodeResources.UNBOUNDED);
    }

    /** A transcoder whose FFmpeg runs use at most {@code resources}. */
    public Transcoder(FfmpegRunner runner, TranscodeResources resources) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    /** The process-wide transcoder over {@link FfmpegRunner#shared()}, created on first use. */
    public static Transcoder shared() {
        Transcoder transcoder = shared;
        if (transcoder == null) {
            synchronized (Transcoder.class) {
                if (shared == null) {
                    shared = new Transcoder(FfmpegRunner.shared());
                }
                transcoder = shared;
            }
        }
        return transcoder;
    }

    /**
     * Converts {@code input} into {@code output} (its directory must exist; the file is replaced). FFmpeg
     * runs with {@code workDir} as its working directory, for anything it writes besides the output; a
     * failed run leaves no output file behind.
     *
     * @param inputDuration the input's duration in seconds (from its probe); null for a still image
     * @param timeout       wall-clock limit of each FFmpeg run; past it the run fails as
     *                      {@link ErrorCode#DEADLINE_EXCEEDED}
     * @param progress      receives progress, fractions relative to {@link TranscodeArgs#outputSeconds}; may be null
     * @param context       who the work is for (the task id), used in log lines
     * @throws SmidgenException {@link ErrorCode#UNSUPPORTED_MEDIA} (permanent) when the input cannot be read or
     *                          decoded; for a store URL, the store's failures as {@link StoreReadFault} names
     *                          them; {@link ErrorCode#DEADLINE_EXCEEDED} past {@code timeout};
     *                          {@link ErrorCode#RESOURCE_LIMIT} past the memory ceiling; {@link FfmpegFailure}
     *                          otherwise: {@link ErrorCode#INTERNAL}, transient for a kill by signal or a
     *                          failure to start
     */
    public TranscodeResult run(
            MediaInput input,
            Path output,
            Path workDir,
            TranscodeSpec spec,
            Double inputDuration,
            Duration timeout,
            ProgressListener progress,
            String context) {
        if (input instanceof MediaInput.LocalFile local && !Files.isRegularFile(local.path())) {
            throw new SmidgenException(ErrorCode.INTERNAL, "The file to convert does not exist.");
        }
        if (!Files.isDirectory(workDir)) {
            throw new SmidgenException(ErrorCode.INTERNAL, "The conversion's work directory does not exist.");
        }
        if (output.getParent() == null || !Files.isDirectory(output.getParent())) {
            throw new SmidgenException(ErrorCode.INTERNAL, "The conversion's output directory does not exist.");
        }
        long started = System.nanoTime();
        LOG.infof(
                "%s: converting to %s%s, quality %.2f",
                context,
                spec.format().wire(),
                spec.width() == null ? "" : " " + spec.width() + "x" + spec.height(),
                spec.quality());
        try {
            // A leftover of an earlier attempt at the same path must not pass for this run's output.
            Files.deleteIfExists(output);
            Double seek = TranscodeArgs.frameSeconds(spec, inputDuration);
            if (seek != null && seek > 0) {
                encodeFrom(seek, input, output, workDir, spec, inputDuration, timeout, progress, context);
            } else {
                encode(input, output, workDir, spec, inputDuration, timeout, progress, context);
            }
            long bytes = size(output);
            if (bytes == 0) {
                throw new SmidgenException(
                        ErrorCode.UNSUPPORTED_MEDIA,
                        spec.format().kind() == Kind.AUDIO
                                ? "The file has no audio that can be decoded."
                                : "The file has no picture that can be decoded.");
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            LOG.infof(
                    "%s: converted to %s in %d ms, %d bytes",
                    context, spec.format().wire(), elapsed.toMillis(), bytes);
            return new TranscodeResult(output, bytes, elapsed);
        } catch (IOException e) {
            deleteQuietly(output);
            throw SmidgenException.transientFailure(
                    ErrorCode.INTERNAL, "The conversion's output file is not usable.", e);
        } catch (RuntimeException e) {
            deleteQuietly(output);
            throw e;
        }
    }

    /**
     * An image taken {@code seek} seconds into a video, or from its start when there is no picture there:
     * the container's duration can overstate the stream, and past its real end ffmpeg writes nothing or
     * (for some encoders) fails to open the encoder at all.
     */
    private void encodeFrom(
            double seek,
            MediaInput input,
            Path output,
            Path workDir,
            TranscodeSpec spec,
            Double inputDuration,
            Duration timeout,
            ProgressListener progress,
            String context)
            throws IOException {
        try {
            encode(input, output, workDir, spec, inputDuration, timeout, progress, context);
            if (size(output) > 0) {
                return;
            }
        } catch (SmidgenException failure) {
            if (failure.isTransient() || STOPS_AT_ONCE.contains(failure.code())) {
                // A timeout, a kill, a limit or the store's trouble: the same run from the start would not fare better.
                throw failure;
            }
        }
        LOG.infof("%s: no picture at %.3f s, taking it from the start instead", context, seek);
        Files.deleteIfExists(output);
        encode(input, output, workDir, spec.withFrameAt(0.0), inputDuration, timeout, progress, context);
    }

    private void encode(
            MediaInput input,
            Path output,
            Path workDir,
            TranscodeSpec spec,
            Double inputDuration,
            Duration timeout,
            ProgressListener progress,
            String context) {
        // Progress is always requested, so the logged command is the same whether or not anyone listens.
        FfmpegInvocation invocation = FfmpegInvocation.ffmpeg(
                        TranscodeArgs.build(input, output, spec, inputDuration, resources.threads()))
                .withTimeout(timeout)
                .withMemoryLimit(resources.memoryLimitBytes())
                .inDirectory(workDir)
                .withProgress(
                        progress == null ? IGNORE_PROGRESS : progress,
                        TranscodeArgs.outputSeconds(spec, inputDuration));
        try {
            runner.run(invocation, context);
        } catch (FfmpegFailure failure) {
            throw InputFault.classify(input, failure);
        }
    }

    private static long size(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.size(file) : 0;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the caller discards the output's file or directory anyway
        }
    }
}
