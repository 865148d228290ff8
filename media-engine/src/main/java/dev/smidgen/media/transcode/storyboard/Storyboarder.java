package dev.smidgen.media.transcode.storyboard;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Makes a storyboard (docs/api/storyboards.md) with one run of the bundled ffmpeg ({@link StoryboardArgs})
 * into an empty local directory, checks that it wrote exactly the sheets the layout has, and writes the
 * WebVTT track beside them ({@link StoryboardVtt}). The caller stores the files; failures are classified
 * as every conversion's ({@link InputFault}) and leave the directory empty.
 */
public final class Storyboarder {
    private static final Logger LOG = Logger.getLogger(Storyboarder.class);
    private static final ProgressListener IGNORE_PROGRESS = progress -> {};

    private final FfmpegRunner runner;
    private final TranscodeResources resources;

    public Storyboarder(FfmpegRunner runner, TranscodeResources resources) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    /**
     * Makes the storyboard of {@code input} in {@code directory}, which must exist and be empty; FFmpeg
     * runs there.
     *
     * @param timeout  wall-clock limit of the FFmpeg run ({@link ErrorCode#DEADLINE_EXCEEDED} past it)
     * @param progress receives progress over the run; may be null
     * @param context  who the work is for, for log lines
     */
    public Storyboard run(
            MediaInput input,
            Path directory,
            StoryboardSpec spec,
            Duration timeout,
            ProgressListener progress,
            String context) {
        PackageDirectory.requireReady(input, directory, "storyboard");
        long started = System.nanoTime();
        LOG.infof(
                "%s: making a storyboard of %d thumbnails of %dx%d, one every %.3f s, in %d %dx%d sheet(s)",
                context,
                spec.tiles(),
                spec.width(),
                spec.height(),
                spec.interval(),
                spec.sheets(),
                spec.sheetColumns(),
                spec.sheetRows());
        try {
            FfmpegInvocation invocation = FfmpegInvocation.ffmpeg(
                            StoryboardArgs.build(input, spec, resources.threads()))
                    .withTimeout(timeout)
                    .withMemoryLimit(resources.memoryLimitBytes())
                    .inDirectory(directory)
                    .withProgress(progress == null ? IGNORE_PROGRESS : progress, spec.duration());
            try {
                runner.run(invocation, context);
            } catch (FfmpegFailure failure) {
                FfmpegFailure classified = InputFault.classify(input, failure);
                if (classified == failure && noPicture(failure)) {
                    throw failure.as(ErrorCode.UNSUPPORTED_MEDIA, "The file has no picture to make thumbnails of.");
                }
                throw classified;
            }
            List<Storyboard.Sheet> sheets = sheets(directory, spec);
            Files.writeString(directory.resolve(StoryboardSpec.VTT), StoryboardVtt.write(spec), StandardCharsets.UTF_8);
            List<String> files = new ArrayList<>();
            long bytes = 0;
            for (Storyboard.Sheet sheet : sheets) {
                files.add(sheet.name());
                bytes += Files.size(directory.resolve(sheet.name()));
            }
            files.add(StoryboardSpec.VTT);
            bytes += Files.size(directory.resolve(StoryboardSpec.VTT));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            LOG.infof(
                    "%s: made the storyboard in %d ms, %d sheets, %d bytes",
                    context, elapsed.toMillis(), sheets.size(), bytes);
            return new Storyboard(directory, spec, files, sheets, bytes, elapsed);
        } catch (IOException e) {
            PackageDirectory.clear(directory);
            // FFmpeg succeeded but the sheets are not what the layout says: no picture came out of the input.
            throw new SmidgenException(
                    ErrorCode.UNSUPPORTED_MEDIA, "The file has no picture to make thumbnails of: " + e.getMessage());
        } catch (RuntimeException e) {
            PackageDirectory.clear(directory);
            throw e;
        }
    }

    /**
     * Whether FFmpeg refused the graph because the input has no video stream ({@code [0:V:0]} matched
     * nothing): the input's fault, though no input-side component reports it.
     */
    static boolean noPicture(FfmpegFailure failure) {
        String tail = failure.stderrTail();
        return failure.reason() == FfmpegFailure.Reason.EXIT_STATUS
                && tail != null
                && tail.contains("matches no streams");
    }

    /**
     * The sheets FFmpeg wrote, which must be exactly those of the layout: {@code sheet-000} up to the last,
     * and nothing else.
     */
    static List<Storyboard.Sheet> sheets(Path directory, StoryboardSpec spec) throws IOException {
        List<String> found;
        try (Stream<Path> entries = Files.list(directory)) {
            found = entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < spec.sheets(); i++) {
            expected.add(spec.sheetName(i));
        }
        if (!found.equals(expected)) {
            throw new IOException("expected " + expected.size() + " sheets, FFmpeg wrote " + found.size() + " files");
        }
        List<Storyboard.Sheet> sheets = new ArrayList<>();
        int width = spec.sheetColumns() * spec.width();
        int height = spec.sheetRows() * spec.height();
        for (int i = 0; i < expected.size(); i++) {
            int tiles = Math.min(spec.tilesPerSheet(), spec.tiles() - i * spec.tilesPerSheet());
            sheets.add(new Storyboard.Sheet(expected.get(i), width, height, tiles));
        }
        return sheets;
    }
}
