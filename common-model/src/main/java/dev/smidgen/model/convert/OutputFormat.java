package dev.smidgen.model.convert;

import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats a conversion can produce (docs/api/conversions.md#what-converts-to-what), each of one output kind. */
public enum OutputFormat {
    MP4(Kind.VIDEO, "video/mp4", "mp4"),
    WEBM(Kind.VIDEO, "video/webm", "webm"),
    MOV(Kind.VIDEO, "video/quicktime", "mov"),
    AVI(Kind.VIDEO, "video/x-msvideo", "avi"),
    /** An HLS package (docs/api/adaptive-streaming.md): the file is its master playlist. */
    HLS(Kind.VIDEO, "application/vnd.apple.mpegurl", "m3u8"),
    MP3(Kind.AUDIO, "audio/mpeg", "mp3"),
    WAV(Kind.AUDIO, "audio/wav", "wav"),
    OGG(Kind.AUDIO, "audio/ogg", "ogg"),
    FLAC(Kind.AUDIO, "audio/flac", "flac"),
    /** AAC-LC in an MP4 audio file; {@code audio/mp4} is the type of {@code .m4a} (RFC 4337). */
    AAC(Kind.AUDIO, "audio/mp4", "m4a"),
    /**
     * Opus in Ogg, named {@code .opus} as RFC 7845 recommends. Its type is audio/ogg with the codec, as that
     * RFC registers it: browsers answer "probably" to {@code canPlayType} for it, while {@code audio/opus} (the
     * RTP payload type of RFC 7587) gets "" from Chromium, which would make a player skip the file.
     */
    OPUS(Kind.AUDIO, "audio/ogg; codecs=opus", "opus"),
    JPEG(Kind.IMAGE, "image/jpeg", "jpg"),
    PNG(Kind.IMAGE, "image/png", "png"),
    WEBP(Kind.IMAGE, "image/webp", "webp"),
    GIF(Kind.IMAGE, "image/gif", "gif"),
    AVIF(Kind.IMAGE, "image/avif", "avif");

    private final Kind kind;
    private final String mimeType;
    private final String extension;

    OutputFormat(Kind kind, String mimeType, String extension) {
        this.kind = kind;
        this.mimeType = mimeType;
        this.extension = extension;
    }

    public Kind kind() {
        return kind;
    }

    public String mimeType() {
        return mimeType;
    }

    /** File name extension of the output, without the dot. */
    public String extension() {
        return extension;
    }

    /** Whether the output is a package of many objects under one prefix rather than one file. */
    public boolean isPackage() {
        return this == HLS;
    }

    /** Whether this format can hold the sprite sheets of a storyboard (docs/api/storyboards.md). */
    public boolean isSheetFormat() {
        return this == JPEG || this == WEBP;
    }

    private boolean belongsTo(Kind outputKind) {
        return outputKind == Kind.THUMBNAILS ? isSheetFormat() : kind == outputKind;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format named {@code value} for output {@code kind}; {@code jpg} is accepted for {@code jpeg}. For
     * {@link Kind#THUMBNAILS} it is the format of the storyboard's sprite sheets ({@link #isSheetFormat}).
     */
    public static OutputFormat of(Kind kind, String value) {
        String name = "jpg".equals(value) ? "jpeg" : value;
        for (OutputFormat f : values()) {
            if (f.belongsTo(kind) && f.wire().equals(name)) {
                return f;
            }
        }
        String allowed = Arrays.stream(values())
                .filter(f -> f.belongsTo(kind))
                .map(OutputFormat::wire)
                .collect(Collectors.joining(", "));
        throw SmidgenException.invalid("format", "format for kind " + kind.wire() + " must be one of " + allowed + ".");
    }
}
