package dev.smidgen.media.decode;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.model.Kind;
import dev.smidgen.model.convert.EncodingOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Turns an animated WebP input into one FFmpeg can convert: its frames decoded and composited into an
 * animated PNG in the task's work directory ({@link AnimatedWebpDecoder}), which then goes through the
 * normal conversion like any other input. Any other input passes through untouched.
 */
public final class AnimatedWebpInput {
    /** Most frames a second of the constant rate a video made from an animation is given. */
    static final int MAX_VIDEO_FPS = 30;
    /** Bytes enough to tell an animated WebP by its header: RIFF, WEBP, and the VP8X flags. */
    private static final int HEAD_BYTES = 21;

    private AnimatedWebpInput() {}

    /**
     * What to convert.
     *
     * @param input the input FFmpeg reads: the original, or the decoded animation
     * @param spec  the conversion: the original, or for a video output of an animation one at a constant
     *              frame rate (see {@link #videoFps})
     */
    public record Staged(MediaInput input, TranscodeSpec spec) {}

    /** Whether a file of this MIME type may be an animated WebP, worth a look at its first bytes. */
    public static boolean mayApply(String mimeType) {
        return "image/webp".equals(mimeType);
    }

    /** Whether {@code media} is an animated WebP (its first bytes say so); reads a few bytes. */
    public static boolean isAnimated(MediaInput media) {
        return WebpAnimationReader.isAnimated(MediaBytes.head(media, HEAD_BYTES));
    }

    /**
     * Stages {@code input} for {@code spec}: an animated WebP is copied next to the work (when it is a store
     * URL), decoded to {@code workDir}/animation.apng and returned in its place.
     *
     * @param timeout          wall-clock limit of the decoding FFmpeg run
     * @param memoryLimitBytes address-space ceiling of that run, 0 for none
     * @throws dev.smidgen.model.SmidgenException as {@link AnimatedWebpDecoder#decode} and, for a store URL,
     *                                            a transient {@code unavailable} when reading it fails
     */
    public static Staged stage(
            MediaInput input,
            TranscodeSpec spec,
            Path workDir,
            Duration timeout,
            long memoryLimitBytes,
            FfmpegRunner runner,
            String context) {
        if (!isAnimated(input)) {
            return new Staged(input, spec);
        }
        Path webp = MediaBytes.local(input, workDir.resolve("input.webp"));
        AnimatedWebpDecoder.Decoded decoded =
                new AnimatedWebpDecoder(runner).decode(webp, workDir, timeout, memoryLimitBytes, context);
        TranscodeSpec staged = spec;
        if (spec.format().kind() == Kind.VIDEO && spec.encoding().fps() == null) {
            staged = withFps(spec, videoFps(decoded.durations()));
        }
        return new Staged(MediaInput.file(decoded.file()), staged);
    }

    /**
     * The first frame of {@code media} as a PNG in {@code workDir} when it is an animated WebP, for a
     * picture of it (placeholder, colour); empty for anything else.
     */
    public static Optional<MediaInput> firstFrame(MediaInput media, Path workDir, FfmpegRunner runner, String context) {
        if (!isAnimated(media)) {
            return Optional.empty();
        }
        Path webp = MediaBytes.local(media, workDir.resolve("input.webp"));
        Path png = new AnimatedWebpDecoder(runner).firstFrame(webp, workDir.resolve("first-frame.png"), context);
        return Optional.of(MediaInput.file(png));
    }

    /**
     * The constant frame rate a video made from frames of these durations gets: the rate at which every
     * duration is a whole number of frames (1000 / their greatest common divisor in milliseconds), at most
     * {@value #MAX_VIDEO_FPS} and at least 1. A video of variable frame timing would do too, but an MP4's
     * edit list cuts the last frame short when the encoder reorders frames, and players handle a constant
     * rate best; within that limit no frame moves by more than half a frame.
     */
    static double videoFps(List<Integer> durations) {
        int gcd = 0;
        for (int d : durations) {
            gcd = gcd(gcd, d);
        }
        if (gcd <= 0) {
            return 1;
        }
        return Math.max(1, Math.min(MAX_VIDEO_FPS, 1000.0 / gcd));
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static TranscodeSpec withFps(TranscodeSpec spec, double fps) {
        EncodingOptions e = spec.encoding();
        EncodingOptions encoding = new EncodingOptions(
                e.codec(),
                e.qualityPreset(),
                e.widthPercent(),
                e.heightPercent(),
                e.fit(),
                e.position(),
                e.background(),
                fps,
                e.bitrate(),
                e.end());
        return new TranscodeSpec(
                spec.format(), spec.width(), spec.height(), spec.quality(), spec.frameAt(), spec.hasAudio(), encoding);
    }
}
