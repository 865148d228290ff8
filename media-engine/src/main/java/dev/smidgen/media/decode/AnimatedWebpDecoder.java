package dev.smidgen.media.decode;

import dev.smidgen.media.FfmpegCommands;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Decodes an animated WebP into its composited canvas frames, which FFmpeg 8.0 cannot do (its WebP decoder
 * reads still pictures only): the container is read in Java ({@link WebpAnimationReader}), each frame's
 * bitstream ({@code VP8 } with its {@code ALPH}, or {@code VP8L}) is cut out as a still WebP of its own,
 * one FFmpeg run decodes them all to raw RGBA, and {@link CanvasCompositor} lays them on the canvas as the
 * container says. The result is an animated PNG with each frame's duration ({@link ApngWriter}), which
 * FFmpeg reads like any other input. See docs/adr/0010-animated-webp-inputs.md for why this design.
 *
 * <p>Bounded before anything decodes: the canvas ({@value #MAX_CANVAS_SIDE_TEXT}), the frame count, and the
 * pixels of all frames together, which is the size of both the raw frames and the animated PNG on disk.
 * All work files are written under the caller's directory; the raw frames and stills are removed at once.
 */
public final class AnimatedWebpDecoder {
    /** Most canvas pixels: the compositor holds the canvas as ints in the worker's heap (64 MiB at this size). */
    public static final long MAX_CANVAS_PIXELS = 4096L * 4096;
    /** Most pixels of all frames together: 1 GiB of raw RGBA, the bound of the work files on disk. */
    public static final long MAX_PIXELS_IN_ALL = 256L << 20;
    /** Most frames of an animation decoded. */
    public static final int MAX_FRAMES = 20_000;

    static final String MAX_CANVAS_SIDE_TEXT = "4096 × 4096";
    /** The delay given to an animation whose frames all last 0 ms: shown as one picture. */
    static final int STILL_MILLIS = 100;

    private static final Logger LOG = Logger.getLogger(AnimatedWebpDecoder.class);
    private static final Duration FIRST_FRAME_TIMEOUT = Duration.ofSeconds(60);

    private final FfmpegRunner runner;

    public AnimatedWebpDecoder(FfmpegRunner runner) {
        this.runner = runner;
    }

    /**
     * What {@link #decode} wrote.
     *
     * @param file      the animated PNG (a plain PNG for an animation of no duration)
     * @param width     canvas width
     * @param height    canvas height
     * @param durations the milliseconds of each frame written, in order
     * @param bytes     the file's size
     */
    public record Decoded(Path file, int width, int height, List<Integer> durations, long bytes) {
        public Decoded {
            durations = List.copyOf(durations);
        }

        /** Sum of the frame durations in milliseconds. */
        public long durationMillis() {
            return durations.stream().mapToLong(Integer::longValue).sum();
        }
    }

    /** The structure of {@code webp}, checked, within this decoder's bounds. */
    public static WebpAnimation read(Path webp) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(webp), 1 << 16)) {
            WebpAnimation animation = WebpAnimationReader.read(in, Files.size(webp), MAX_FRAMES);
            requireWithinBounds(animation);
            return animation;
        } catch (IOException e) {
            throw SmidgenException.transientFailure(ErrorCode.INTERNAL, "The WebP file cannot be read.", e);
        }
    }

    /**
     * Decodes every frame of {@code webp} into {@code directory}/{@code animation.apng} (a frame of 0 ms is
     * drawn but not written: the next one replaces it at once).
     *
     * @param timeout          wall-clock limit of the FFmpeg run
     * @param memoryLimitBytes address-space ceiling of the FFmpeg run, 0 for none
     * @throws SmidgenException {@link ErrorCode#UNSUPPORTED_MEDIA} for a damaged file or frames that do not
     *                          decode; {@link ErrorCode#INPUT_TOO_LARGE} past the bounds;
     *                          {@link ErrorCode#DEADLINE_EXCEEDED} past {@code timeout}
     */
    public Decoded decode(Path webp, Path directory, Duration timeout, long memoryLimitBytes, String context) {
        WebpAnimation animation = read(webp);
        List<WebpFrame> frames = animation.frames();
        long started = System.nanoTime();
        Path work = workDirectory(directory);
        Path output = directory.resolve("animation.apng");
        try {
            Path raw = decodeFrames(webp, frames, work, timeout, memoryLimitBytes, context);
            int shown =
                    (int) frames.stream().filter(f -> f.durationMillis() > 0).count();
            List<Integer> durations = new ArrayList<>();
            CanvasCompositor canvas = new CanvasCompositor(animation.canvasWidth(), animation.canvasHeight());
            long bytes;
            try (InputStream pixels = new BufferedInputStream(Files.newInputStream(raw), 1 << 16);
                    ApngWriter apng = ApngWriter.animation(
                            output, animation.canvasWidth(), animation.canvasHeight(), Math.max(1, shown))) {
                int[] last = null;
                for (WebpFrame frame : frames) {
                    last = canvas.draw(frame, pixels.readNBytes((int) (frame.pixels() * 4)));
                    if (frame.durationMillis() > 0) {
                        apng.frame(last, frame.durationMillis());
                        durations.add(frame.durationMillis());
                    }
                }
                if (shown == 0) {
                    apng.frame(last, STILL_MILLIS);
                    durations.add(STILL_MILLIS);
                }
                bytes = apng.bytes();
            }
            LOG.infof(
                    "%s: decoded an animated WebP of %d frames (%dx%d) in %d ms, %d bytes of APNG",
                    context,
                    frames.size(),
                    animation.canvasWidth(),
                    animation.canvasHeight(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    bytes);
            return new Decoded(output, animation.canvasWidth(), animation.canvasHeight(), durations, bytes);
        } catch (IOException e) {
            deleteQuietly(output);
            throw SmidgenException.transientFailure(
                    ErrorCode.INTERNAL, "The animation's frames could not be written.", e);
        } catch (RuntimeException e) {
            deleteQuietly(output);
            throw e;
        } finally {
            deleteTree(work);
        }
    }

    /**
     * The first frame of {@code webp} as shown (drawn on the empty canvas), as a PNG at {@code png}: the
     * picture an image's placeholder and colour are taken from.
     */
    public Path firstFrame(Path webp, Path png, String context) {
        WebpAnimation animation = read(webp);
        WebpFrame first = animation.frames().get(0);
        Path work = workDirectory(png.getParent());
        try {
            Path raw = decodeFrames(webp, List.of(first), work, FIRST_FRAME_TIMEOUT, 0, context);
            CanvasCompositor canvas = new CanvasCompositor(animation.canvasWidth(), animation.canvasHeight());
            int[] shown = canvas.draw(first, Files.readAllBytes(raw));
            ApngWriter.still(png, animation.canvasWidth(), animation.canvasHeight(), shown);
            return png;
        } catch (IOException e) {
            deleteQuietly(png);
            throw SmidgenException.transientFailure(ErrorCode.INTERNAL, "The first frame could not be written.", e);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Writes each frame's bitstream as a still WebP and decodes them all in one FFmpeg run into one file of
     * raw RGBA, each frame at its own size ({@code -noautoscale}: without it FFmpeg would scale every frame to
     * the first one's size), checked to hold exactly the frames' pixels.
     */
    private Path decodeFrames(
            Path webp, List<WebpFrame> frames, Path work, Duration timeout, long memoryLimitBytes, String context)
            throws IOException {
        long expected = 0;
        try (FileChannel in = FileChannel.open(webp, StandardOpenOption.READ)) {
            for (int i = 0; i < frames.size(); i++) {
                WebpFrame frame = frames.get(i);
                writeStill(in, frame, work.resolve(String.format(Locale.ROOT, "f%06d.webp", i)));
                expected += frame.pixels() * 4;
            }
        }
        Path raw = work.resolve("frames.rgba");
        FfmpegInvocation run = FfmpegInvocation.ffmpeg(decodeArgs(work, raw))
                .withTimeout(timeout)
                .withMemoryLimit(memoryLimitBytes)
                .inDirectory(work);
        try {
            runner.run(run, context);
        } catch (FfmpegFailure failure) {
            if (failure.reason() == FfmpegFailure.Reason.TIMED_OUT) {
                throw failure.as(ErrorCode.DEADLINE_EXCEEDED, failure.getMessage());
            }
            if (failure.reason() == FfmpegFailure.Reason.EXIT_STATUS && !failure.isTransient()) {
                throw failure.as(
                        ErrorCode.UNSUPPORTED_MEDIA,
                        "The animated WebP's frames cannot be decoded; it may be corrupt.");
            }
            throw failure;
        }
        long decoded = Files.isRegularFile(raw) ? Files.size(raw) : 0;
        if (decoded != expected) {
            throw new SmidgenException(
                    ErrorCode.UNSUPPORTED_MEDIA,
                    "The animated WebP's frames cannot be decoded; it may be corrupt (" + decoded + " of " + expected
                            + " bytes of pixels).");
        }
        return raw;
    }

    /**
     * The FFmpeg run decoding {@code f000000.webp …} in {@code work} to raw RGBA: the image2 demuxer over the
     * numbered files (only local files, only that demuxer), every frame kept as it is, the first decoding
     * error fatal ({@code -xerror}) rather than a frame silently missing.
     */
    static List<String> decodeArgs(Path work, Path raw) {
        List<String> args = new ArrayList<>(FfmpegCommands.common("error"));
        args.addAll(List.of(
                "-xerror",
                "-protocol_whitelist",
                "file",
                "-format_whitelist",
                "image2",
                "-f",
                "image2",
                "-pattern_type",
                "sequence",
                "-start_number",
                "0",
                "-framerate",
                "1",
                "-i",
                "file:" + work.toAbsolutePath().normalize().resolve("f%06d.webp"),
                "-map",
                "0:V:0",
                "-noautoscale",
                "-fps_mode",
                "passthrough",
                "-c:v",
                "rawvideo",
                "-pix_fmt",
                "rgba",
                "-f",
                "rawvideo",
                "-y",
                FfmpegCommands.output(raw)));
        return args;
    }

    /**
     * A frame's bitstream as a still WebP: a lossless one as a simple {@code VP8L} file, a lossy one with
     * alpha behind a {@code VP8X} header saying so, then its {@code ALPH} and {@code VP8 } chunks.
     */
    static void writeStill(FileChannel in, WebpFrame frame, Path still) throws IOException {
        byte[] image = readRange(in, frame.imageOffset(), frame.imageLength());
        byte[] alpha = frame.alphaOffset() >= 0 ? readRange(in, frame.alphaOffset(), frame.alphaLength()) : null;
        byte[] vp8x = null;
        if (alpha != null) {
            vp8x = new byte[18];
            ByteBuffer b = ByteBuffer.wrap(vp8x).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.put("VP8X".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            b.putInt(10);
            b.put((byte) 0x10); // alpha
            b.put(new byte[3]);
            putUint24(b, frame.width() - 1);
            putUint24(b, frame.height() - 1);
        }
        long body = 4L + image.length + (alpha == null ? 0 : alpha.length + vp8x.length);
        ByteBuffer header = ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        header.putInt((int) body);
        header.put("WEBP".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        try (OutputStream out = Files.newOutputStream(still)) {
            out.write(header.array());
            if (alpha != null) {
                out.write(vp8x);
                out.write(alpha);
            }
            out.write(image);
        }
    }

    private static byte[] readRange(FileChannel in, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (in.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("the file ends inside a frame");
            }
        }
        byte[] bytes = buffer.array();
        if ((length & 1) == 1) {
            // A chunk at the very end may lack its padding byte; a still needs even chunk sizes.
            byte[] padded = new byte[length + 1];
            System.arraycopy(bytes, 0, padded, 0, length);
            return padded;
        }
        return bytes;
    }

    private static void putUint24(ByteBuffer b, int value) {
        b.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }

    /**
     * Refuses an animation whose canvas, or whose frames together, are larger than this decoder handles.
     *
     * @throws SmidgenException {@link ErrorCode#INPUT_TOO_LARGE}
     */
    static void requireWithinBounds(WebpAnimation animation) {
        if (animation.canvasPixels() > MAX_CANVAS_PIXELS) {
            throw new SmidgenException(
                    ErrorCode.INPUT_TOO_LARGE,
                    "The animation's canvas is " + animation.canvasWidth() + "x" + animation.canvasHeight()
                            + "; animated WebP inputs may be at most " + MAX_CANVAS_SIDE_TEXT + " pixels.");
        }
        long frames = Math.max(
                1,
                animation.frames().stream().filter(f -> f.durationMillis() > 0).count());
        long decoded = animation.frames().stream().mapToLong(WebpFrame::pixels).sum();
        long pixels = Math.max(frames * animation.canvasPixels(), decoded);
        if (pixels > MAX_PIXELS_IN_ALL) {
            throw new SmidgenException(
                    ErrorCode.INPUT_TOO_LARGE,
                    String.format(
                            Locale.ROOT,
                            "The animation is %d frames of %dx%d (%.0f megapixels in all); an animated WebP input may"
                                    + " hold at most %.0f megapixels.",
                            animation.frames().size(),
                            animation.canvasWidth(),
                            animation.canvasHeight(),
                            pixels / 1e6,
                            MAX_PIXELS_IN_ALL / 1e6));
        }
    }

    private static Path workDirectory(Path parent) {
        try {
            return Files.createTempDirectory(parent, "webp-frames-");
        } catch (IOException e) {
            throw SmidgenException.transientFailure(ErrorCode.INTERNAL, "No work space for the frames.", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the caller's work directory is removed anyway
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // the caller's work directory is removed anyway
        }
    }
}
