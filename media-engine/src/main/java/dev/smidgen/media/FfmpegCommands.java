package dev.smidgen.media;

import dev.smidgen.media.limits.PictureLimits;
import dev.smidgen.media.probe.Demuxer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Argument lists (without the executable) for every FFmpeg run of this module. Pure, so the exact
 * commands are unit-tested. Every input is read under {@code -format_whitelist} of {@link Demuxer} and a
 * protocol whitelist: a local file is named with the {@code file:} protocol under {@code file} only, a
 * store URL gets the network protocols and nothing else ({@link MediaInput}). Nothing an input contains
 * can make FFmpeg open another URL or use another demuxer.
 */
public final class FfmpegCommands {
    /** Long side of the frame that placeholder and colour are computed from. */
    public static final int FRAME_LONG_SIDE = 256;

    private FfmpegCommands() {}

    /** ffprobe's JSON report of format, streams and (on failure) the error. */
    public static List<String> probe(MediaInput media) {
        return probe(media, PictureLimits.DEFAULT_MAX_PIXELS);
    }

    /**
     * {@link #probe(MediaInput)} whose decoders refuse a picture over {@code maxPixels}: ffprobe decodes a
     * frame of some formats (PNG) to learn their pixel format, which for a decompression bomb is the whole
     * gigabyte-sized picture. Past the limit the decoder stops at the header and says so on stderr.
     */
    public static List<String> probe(MediaInput media, long maxPixels) {
        List<String> args = new ArrayList<>(List.of("-v", media.logLevel(), "-hide_banner"));
        args.addAll(List.of("-max_pixels", Long.toString(Math.min(Integer.MAX_VALUE, maxPixels))));
        args.addAll(media.inputOptions());
        args.addAll(
                List.of("-print_format", "json", "-show_format", "-show_streams", "-show_error", media.ffmpegInput()));
        return args;
    }

    /**
     * One displayed frame (rotation applied) as a PNG fitting {@value #FRAME_LONG_SIDE} px, alpha kept.
     *
     * @param seekSeconds where to take it; null for the first frame (images). Placed before {@code -i}
     *                    so FFmpeg seeks in the container instead of decoding up to it.
     */
    public static List<String> frameGrab(MediaInput media, Double seekSeconds, Path output) {
        List<String> args = new ArrayList<>(common(media.logLevel()));
        if (seekSeconds != null && seekSeconds > 0) {
            args.addAll(List.of("-ss", String.format(Locale.ROOT, "%.3f", seekSeconds)));
        }
        args.addAll(media.inputOptions());
        // 0:V skips cover art / attached pictures, which would otherwise be picked over the real video.
        args.addAll(List.of(
                "-i",
                media.ffmpegInput(),
                "-map",
                "0:V:0",
                "-frames:v",
                "1",
                "-an",
                "-sn",
                "-dn",
                "-vf",
                fit(FRAME_LONG_SIDE) + ",setsar=1",
                "-c:v",
                "png",
                "-f",
                "image2",
                "-update",
                "1",
                "-y",
                output(output)));
        return args;
    }

    /** A tiny WebP of {@code frame}, {@code longSide} px on its long side, written to stdout. */
    public static List<String> placeholder(Path frame, int longSide, int quality) {
        List<String> args = new ArrayList<>(common());
        args.addAll(inputOptions());
        args.addAll(List.of(
                "-i",
                input(frame),
                "-frames:v",
                "1",
                "-vf",
                fit(longSide) + ",setsar=1",
                "-c:v",
                "libwebp",
                "-quality",
                Integer.toString(quality),
                "-compression_level",
                "6",
                "-map_metadata",
                "-1",
                "-f",
                "webp",
                "pipe:1"));
        return args;
    }

    /** The area-averaged colour of {@code frame} as three raw bytes (R, G, B) on stdout. */
    public static List<String> averageColour(Path frame) {
        List<String> args = new ArrayList<>(common());
        args.addAll(inputOptions());
        args.addAll(List.of(
                "-i",
                input(frame),
                "-frames:v",
                "1",
                "-vf",
                "scale=1:1:flags=area,format=rgb24",
                "-f",
                "rawvideo",
                "pipe:1"));
        return args;
    }

    /**
     * A scale filter fitting the displayed picture (sample aspect ratio applied) into a square of
     * {@code longSide}, keeping aspect ratio, never upscaling, and never shrinking a side below 1 px
     * (a plain {@code force_original_aspect_ratio} fails on extreme panoramas by rounding to 0).
     */
    static String fit(int longSide) {
        String w = "iw*sar";
        String landscape = "gte(" + w + ",ih)";
        String width =
                "if(" + landscape + ",min(" + longSide + "," + w + "),max(1,min(" + longSide + ",ih)*" + w + "/ih))";
        String height =
                "if(" + landscape + ",max(1,min(" + longSide + "," + w + ")*ih/(" + w + ")),min(" + longSide + ",ih))";
        return "scale=w='" + width + "':h='" + height + "'";
    }

    private static List<String> common() {
        return common("error");
    }

    /** The options every ffmpeg run starts with, at FFmpeg log level {@code logLevel}. */
    public static List<String> common(String logLevel) {
        return List.of("-nostdin", "-hide_banner", "-v", logLevel);
    }

    /** Options that must precede each {@code -i} of a local file: they apply to that input only. */
    public static List<String> inputOptions() {
        return List.of("-protocol_whitelist", "file", "-format_whitelist", Demuxer.formatWhitelist());
    }

    /**
     * {@code file:} + absolute path, so a name with a colon is never taken for another protocol.
     *
     * @throws IllegalArgumentException for a name with {@code %}, which the image2 demuxer would read as a
     *                                  frame-number pattern (ffmpeg, unlike ffprobe, refuses
     *                                  {@code -pattern_type none} for other demuxers, so it cannot be turned off)
     */
    public static String input(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (name.indexOf('%') >= 0) {
            throw new IllegalArgumentException("media file names must not contain '%': " + name);
        }
        return "file:" + file.toAbsolutePath().normalize();
    }

    /** {@code file:} + absolute path, so an output name with a colon is never taken for another protocol. */
    public static String output(Path file) {
        return "file:" + file.toAbsolutePath().normalize();
    }
}
