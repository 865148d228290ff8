package dev.smidgen.media.probe;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The allow-list of FFmpeg demuxers Smidgen reads. Anything else (text read as {@code tty}, playlists,
 * raw streams, exotic formats random bytes happen to match) is rejected as unsupported media, and the
 * same list is passed to FFmpeg as {@code -format_whitelist} so no other demuxer ever opens an input.
 */
public enum Demuxer {
    MOV("mov,mp4,m4a,3gp,3g2,mj2", false),
    MATROSKA("matroska,webm", false),
    AVI("avi", false),
    MPEGTS("mpegts", false),
    MP3("mp3", false),
    WAV("wav", false),
    AIFF("aiff", false),
    OGG("ogg", false),
    FLAC("flac", false),
    AAC("aac", false),
    PNG("png_pipe", true),
    APNG("apng", true),
    JPEG("jpeg_pipe", true),
    WEBP("webp_pipe", true),
    GIF("gif", true),
    BMP("bmp_pipe", true),
    TIFF("tiff_pipe", true),
    /** FFmpeg's file-extension based image reader (a {@code .jpg} usually lands here). */
    IMAGE2("image2", true);

    private final String formatName;
    private final boolean image;

    Demuxer(String formatName, boolean image) {
        this.formatName = formatName;
        this.image = image;
    }

    /** The name ffprobe reports as {@code format.format_name}. */
    public String formatName() {
        return formatName;
    }

    /** Whether this demuxer reads still (or animated) images rather than timed media. */
    public boolean isImage() {
        return image;
    }

    /** The demuxer ffprobe named, if it is on the allow-list. */
    public static Optional<Demuxer> byFormatName(String formatName) {
        return Arrays.stream(values())
                .filter(d -> d.formatName.equals(formatName))
                .findFirst();
    }

    /** The allow-list in FFmpeg's {@code -format_whitelist} syntax (one name per demuxer suffices). */
    public static String formatWhitelist() {
        return Arrays.stream(values()).map(d -> d.formatName.split(",")[0]).collect(Collectors.joining(","));
    }
}
