package dev.smidgen.media;

import dev.smidgen.media.decode.AnimatedWebpInput;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The at-a-glance look of an image or video: a tiny blurred-up placeholder and its background colour,
 * both taken from one frame (for a video at min(1 s, duration/2), past a fade-in from black).
 */
public final class VisualSummary {
    /** Most characters of a placeholder data URI (the API promises ≤ 1 KiB). */
    public static final int MAX_PLACEHOLDER_CHARS = 1024;

    static final String WEBP_DATA_URI = "data:image/webp;base64,";

    private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SMALL_TIMEOUT = Duration.ofSeconds(30);
    /** (long side px, WebP quality) tried in order until the URI fits; the first nearly always does. */
    private static final int[][] PLACEHOLDER_ATTEMPTS = {{20, 40}, {16, 20}, {10, 10}};

    /** A placeholder data URI and a {@code #RRGGBB} colour; both null for audio. */
    public record Summary(String placeholder, String background) {
        /** What audio gets: nothing to look at. */
        public static final Summary NONE = new Summary(null, null);
    }

    private VisualSummary() {}

    /** Summarises {@code media} with the shared runner; see {@link #of(MediaInput, ProbeResult, String, FfmpegRunner)}. */
    public static Summary of(MediaInput media, ProbeResult probe, String context) {
        return of(media, probe, context, FfmpegRunner.shared());
    }

    /**
     * @param media   a local file or a store URL; only one frame of it is decoded, into a local temp dir
     * @param probe   the file's probe, for its kind and duration
     * @param context who the work is for (the task id), used in log lines
     * @return {@link Summary#NONE} for audio
     * @throws SmidgenException {@link ErrorCode#UNSUPPORTED_MEDIA} when no frame can be decoded (a file
     *                          whose header probes but whose pictures do not is corrupt);
     *                          {@link FfmpegFailure} ({@link ErrorCode#INTERNAL}) when FFmpeg cannot run;
     *                          for a store URL, the store's failures as {@link StoreReadFault} names them
     */
    public static Summary of(MediaInput media, ProbeResult probe, String context, FfmpegRunner runner) {
        if (probe.kind() == Kind.AUDIO) {
            return Summary.NONE;
        }
        Path workDir = createWorkDir();
        try {
            Path frame = workDir.resolve("frame.png");
            // An animated WebP, which FFmpeg cannot decode, is summarised from its first frame decoded apart.
            MediaInput picture = probe.kind() == Kind.IMAGE && "webp".equals(probe.container())
                    ? AnimatedWebpInput.firstFrame(media, workDir, runner, context)
                            .orElse(media)
                    : media;
            grabFrame(picture, probe, frame, context, runner);
            return new Summary(
                    placeholder(frame, workDir, context, runner), background(frame, workDir, context, runner));
        } finally {
            deleteQuietly(workDir);
        }
    }

    /** Where a video's frame is taken: 1 s in, or half-way through a shorter clip. */
    static Double seekFor(ProbeResult probe) {
        if (probe.kind() != Kind.VIDEO || probe.duration() == null) {
            return null;
        }
        return Math.min(1.0, probe.duration() / 2);
    }

    private static void grabFrame(
            MediaInput media, ProbeResult probe, Path frame, String context, FfmpegRunner runner) {
        Double seek = seekFor(probe);
        runFrameGrab(media, seek, frame, context, runner);
        if (!hasContent(frame) && seek != null) {
            // The container's duration can overstate the stream; a seek past its end writes nothing.
            runFrameGrab(media, null, frame, context, runner);
        }
        if (!hasContent(frame)) {
            throw new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "The file has no picture that can be decoded.");
        }
    }

    private static void runFrameGrab(MediaInput media, Double seek, Path frame, String context, FfmpegRunner runner) {
        FfmpegInvocation grab = FfmpegInvocation.ffmpeg(FfmpegCommands.frameGrab(media, seek, frame))
                .withTimeout(FRAME_TIMEOUT)
                .inDirectory(frame.getParent());
        try {
            runner.run(grab, context);
        } catch (FfmpegFailure failure) {
            Optional<FfmpegFailure> storeFault = StoreReadFault.of(media, failure);
            if (storeFault.isPresent()) {
                throw storeFault.get();
            }
            if (failure.reason() == FfmpegFailure.Reason.EXIT_STATUS && !failure.isTransient()) {
                throw failure.as(
                        ErrorCode.UNSUPPORTED_MEDIA, "The file's pictures cannot be decoded; it may be corrupt.");
            }
            throw failure;
        }
    }

    private static String placeholder(Path frame, Path workDir, String context, FfmpegRunner runner) {
        int smallest = Integer.MAX_VALUE;
        for (int[] attempt : PLACEHOLDER_ATTEMPTS) {
            FfmpegInvocation encode = FfmpegInvocation.ffmpeg(FfmpegCommands.placeholder(frame, attempt[0], attempt[1]))
                    .withTimeout(SMALL_TIMEOUT)
                    .withStdoutLimit(64 << 10)
                    .inDirectory(workDir);
            byte[] webp = runner.run(encode, context).stdout();
            String uri = WEBP_DATA_URI + Base64.getEncoder().encodeToString(webp);
            if (webp.length > 0 && uri.length() <= MAX_PLACEHOLDER_CHARS) {
                return uri;
            }
            smallest = Math.min(smallest, uri.length());
        }
        throw new SmidgenException(
                ErrorCode.INTERNAL,
                "No placeholder fits " + MAX_PLACEHOLDER_CHARS + " characters (smallest " + smallest + ").");
    }

    private static String background(Path frame, Path workDir, String context, FfmpegRunner runner) {
        FfmpegInvocation average = FfmpegInvocation.ffmpeg(FfmpegCommands.averageColour(frame))
                .withTimeout(SMALL_TIMEOUT)
                .withStdoutLimit(16)
                .inDirectory(workDir);
        byte[] rgb = runner.run(average, context).stdout();
        if (rgb.length != 3) {
            throw new SmidgenException(ErrorCode.INTERNAL, "The average colour came back as " + rgb.length + " bytes.");
        }
        return hex(rgb);
    }

    static String hex(byte[] rgb) {
        return String.format("#%02X%02X%02X", rgb[0] & 0xFF, rgb[1] & 0xFF, rgb[2] & 0xFF);
    }

    private static boolean hasContent(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("smidgen-summary-");
        } catch (IOException e) {
            throw SmidgenException.transientFailure(ErrorCode.INTERNAL, "No temporary space for a frame.", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a leftover temp file is harmless; the summary itself succeeded or already failed
        }
    }
}
