package dev.smidgen.media.transcode.hls;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.process.ProgressListener;
import dev.smidgen.media.transcode.InputFault;
import dev.smidgen.media.transcode.PackageDirectory;
import dev.smidgen.media.transcode.TranscodeResources;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Makes an HLS package ({@link HlsArgs}) with one run of the bundled ffmpeg into an empty local
 * directory, measures it and writes its master playlist ({@link MasterPlaylist}). The caller stores
 * the files; failures are classified as {@link dev.smidgen.media.transcode.Transcoder} classifies
 * them, and leave the directory empty.
 */
public final class HlsPackager {
    private static final Logger LOG = Logger.getLogger(HlsPackager.class);
    private static final ProgressListener IGNORE_PROGRESS = progress -> {};
    /** More files than a package can have (a 10 h input at 4 s segments, 5 renditions): a guard, not a limit. */
    private static final int MAX_FILES = 60_000;

    private final FfmpegRunner runner;
    private final TranscodeResources resources;

    public HlsPackager(FfmpegRunner runner, TranscodeResources resources) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    /**
     * Packages {@code input} into {@code directory}, which must exist and be empty; FFmpeg runs there.
     *
     * @param inputDuration the input's duration in seconds, for progress
     * @param timeout       wall-clock limit of the FFmpeg run ({@link ErrorCode#DEADLINE_EXCEEDED} past it)
     * @param progress      receives progress over the whole run (all rungs at once); may be null
     * @param context       who the work is for, for log lines
     */
    public HlsPackage run(
            MediaInput input,
            Path directory,
            HlsSpec spec,
            Double inputDuration,
            Duration timeout,
            ProgressListener progress,
            String context) {
        PackageDirectory.requireReady(input, directory, "package");
        long started = System.nanoTime();
        LOG.infof(
                "%s: packaging HLS with %d rungs (%s)%s",
                context,
                spec.rungs().size(),
                String.join(
                        ", ",
                        spec.rungs().stream()
                                .map(r -> r.width() + "x" + r.height() + "@" + r.videoKbps() + "k")
                                .toList()),
                spec.hasAudio() ? " + AAC " + spec.audioKbps() + "k" : "");
        try {
            encode(input, directory, spec, inputDuration, timeout, progress, context);
            List<HlsRendition> renditions = MasterPlaylist.measure(directory, spec);
            MasterPlaylist.write(directory, renditions, spec.frameRate());
            List<String> files = files(directory);
            long bytes = 0;
            for (String f : files) {
                bytes += Files.size(directory.resolve(f));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            LOG.infof(
                    "%s: packaged HLS in %d ms, %d files, %d bytes", context, elapsed.toMillis(), files.size(), bytes);
            return new HlsPackage(directory, files, renditions, bytes, elapsed);
        } catch (IOException e) {
            PackageDirectory.clear(directory);
            // FFmpeg succeeded but wrote no usable package: no picture or no frames came out of the input.
            throw new SmidgenException(
                    ErrorCode.UNSUPPORTED_MEDIA, "The file has no picture that can be packaged: " + e.getMessage());
        } catch (RuntimeException e) {
            PackageDirectory.clear(directory);
            throw e;
        }
    }

    private void encode(
            MediaInput input,
            Path directory,
            HlsSpec spec,
            Double inputDuration,
            Duration timeout,
            ProgressListener progress,
            String context) {
        FfmpegInvocation invocation = FfmpegInvocation.ffmpeg(HlsArgs.build(input, spec, resources.threads()))
                .withTimeout(timeout)
                .withMemoryLimit(resources.memoryLimitBytes())
                .inDirectory(directory)
                .withProgress(progress == null ? IGNORE_PROGRESS : progress, HlsArgs.outputSeconds(inputDuration));
        try {
            runner.run(invocation, context);
        } catch (FfmpegFailure failure) {
            throw InputFault.classify(input, failure);
        }
    }

    /** Every regular file under {@code directory}, relative, sorted (master first by name order is not needed). */
    public static List<String> files(Path directory) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                if (files.size() == MAX_FILES) {
                    throw new IOException("more than " + MAX_FILES + " files in the package");
                }
                files.add(directory.relativize(p).toString().replace('\\', '/'));
            }
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }
}
