package dev.smidgen.media.probe;

import dev.smidgen.media.decode.AnimatedWebpDecoder;
import dev.smidgen.media.decode.WebpAnimation;
import dev.smidgen.media.decode.WebpAnimationReader;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The facts of an animated WebP read from its RIFF chunks (the canvas of {@code VP8X}, one {@code ANMF}
 * chunk per frame with its duration), without decoding: FFmpeg 8.0's WebP decoder cannot read
 * animations, so ffprobe shows such a file with no size. Used for the animated WebPs this service makes
 * and, through {@link Ffprobe}, for uploaded ones, which dev.smidgen.media.decode then decodes. The
 * structure is checked as strictly as for decoding ({@link WebpAnimationReader}): a file that probes can
 * be cut into frames.
 */
public final class AnimatedWebp {
    private AnimatedWebp() {}

    /**
     * @throws SmidgenException {@link ErrorCode#UNSUPPORTED_MEDIA} when the file is not an animated WebP or is
     *                          damaged; {@link ErrorCode#INPUT_TOO_LARGE} past the decoder's frame count
     */
    public static ProbeResult probe(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return probe(in, Files.size(file));
        } catch (IOException e) {
            throw new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "The WebP file cannot be read: " + e.getMessage());
        }
    }

    /** {@link #probe(Path)} of a stream of {@code size} bytes from the file's first byte; not closed. */
    public static ProbeResult probe(InputStream in, long size) {
        WebpAnimation animation = WebpAnimationReader.read(in, size, AnimatedWebpDecoder.MAX_FRAMES);
        int width = animation.canvasWidth();
        int height = animation.canvasHeight();
        long frames = animation.frames().size();
        // One frame is a still picture, as ffprobe's facts of any image: no duration, rate or bit rate.
        double duration = frames > 1 ? animation.durationMillis() / 1000.0 : 0;
        Double fps = duration > 0 ? Math.round(frames / duration * 1000) / 1000.0 : null;
        Long bitrate = duration > 0 ? Math.round(size * 8 / duration) : null;
        return new ProbeResult(
                Kind.IMAGE,
                "image/webp",
                "webp",
                "webp",
                "webp",
                null,
                width,
                height,
                duration > 0 ? duration : null,
                fps,
                bitrate,
                size,
                0,
                width > height ? "landscape" : width < height ? "portrait" : "square",
                false,
                false,
                animation.alpha(),
                frames > 1,
                frames);
    }
}
