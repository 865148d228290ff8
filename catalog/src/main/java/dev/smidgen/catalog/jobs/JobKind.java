package dev.smidgen.catalog.jobs;

import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.OutputFormat;
import java.util.Locale;

/**
 * What a job makes (docs/api/jobs.md#kinds), each one a conversion of the one engine: a video, an
 * audio file, a still image, an animation (an animated GIF or WebP clip of a video) or an adaptive
 * video (an HLS ladder with a master playlist).
 */
public enum JobKind {
    VIDEO(Kind.VIDEO, OutputFormat.MP4),
    AUDIO(Kind.AUDIO, OutputFormat.MP3),
    IMAGE(Kind.IMAGE, OutputFormat.JPEG),
    ANIMATION(Kind.IMAGE, OutputFormat.GIF),
    ADAPTIVE_VIDEO(Kind.VIDEO, OutputFormat.HLS);

    private final Kind output;
    private final OutputFormat defaultFormat;

    JobKind(Kind output, OutputFormat defaultFormat) {
        this.output = output;
        this.defaultFormat = defaultFormat;
    }

    /** The kind of source the conversion makes. */
    public Kind output() {
        return output;
    }

    /** The format made when the options name none. */
    public OutputFormat defaultFormat() {
        return defaultFormat;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static final String ALL = "video, audio, image, animation, adaptive_video";

    /** The kind named {@code value}, or null when it names none. */
    public static JobKind find(String value) {
        for (JobKind k : values()) {
            if (k.wire().equals(value)) {
                return k;
            }
        }
        return null;
    }

    public static JobKind fromWire(String value, String field) {
        JobKind kind = find(value);
        if (kind == null) {
            throw SmidgenException.invalid(field, field + " must be one of " + ALL + ".");
        }
        return kind;
    }
}
