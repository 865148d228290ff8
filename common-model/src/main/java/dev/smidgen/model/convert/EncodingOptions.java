package dev.smidgen.model.convert;

import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The encoding vocabulary of a conversion beyond format, size and numeric quality
 * (docs/api/conversions.md#options): the video codec, a named quality, sizes as percentages, how the
 * picture fits a box, frame rate, a bit-rate cap and where a timed output ends. Every field is null
 * when not asked for. Read from a request body and from automation templates alike ({@link #read}),
 * so both accept the same options with the same errors.
 *
 * @param codec         video codec; null for the format's default ({@link VideoCodec#defaultFor})
 * @param qualityPreset the named quality asked for, kept to show it back; its number is the request's quality
 * @param widthPercent  width as a percentage of the input's, when asked so
 * @param heightPercent height as a percentage of the input's, when asked so
 * @param fit           how the picture fills a box of both sides; null is {@link Fit#FILL}
 * @param position      where the picture sits in the box; null is {@link Position#CENTER}
 * @param background    padding colour of {@link Fit#CONTAIN}, {@code #rrggbb} or {@code #rrggbbaa}
 * @param fps           output frame rate of a video (1 to {@value #MAX_FPS}) or an animation (1 to
 *                      {@value #MAX_ANIMATION_FPS})
 * @param bitrate       cap of the video (video outputs) or audio (audio outputs) bit rate in bits per second
 * @param end           where a timed output (video, audio, animation) ends, in seconds of the input
 */
public record EncodingOptions(
        VideoCodec codec,
        QualityPreset qualityPreset,
        Double widthPercent,
        Double heightPercent,
        Fit fit,
        Position position,
        String background,
        Double fps,
        Long bitrate,
        Double end) {
    public static final EncodingOptions NONE =
            new EncodingOptions(null, null, null, null, null, null, null, null, null, null);

    public static final int MAX_FPS = 60;
    public static final long MIN_VIDEO_BITRATE = 300_000;
    public static final long MAX_VIDEO_BITRATE = 60_000_000;
    public static final long MIN_AUDIO_BITRATE = 32_000;
    public static final long MAX_AUDIO_BITRATE = 320_000;

    /**
     * Highest frame rate of an animation (gif, animated webp): GIF delays are whole hundredths of a second,
     * and every frame of an animation is a full picture.
     */
    public static final int MAX_ANIMATION_FPS = 30;

    private static final Pattern COLOUR = Pattern.compile("#?([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})");

    /** The fit to apply: {@link Fit#FILL} when none was asked for. */
    public Fit fitOrDefault() {
        return fit == null ? Fit.FILL : fit;
    }

    /** The position to apply: {@link Position#CENTER} when none was asked for. */
    public Position positionOrDefault() {
        return position == null ? Position.CENTER : position;
    }

    /**
     * Reads the options of one conversion for {@code format}.
     *
     * @param values the request's values by name (a JSON body or a template object)
     * @param prefix what goes before each name in errors: "" for a body, {@code "tasks[0]."} for a template
     * @throws dev.smidgen.model.SmidgenException {@code invalid_request} naming the field, or
     *                                            {@code conversion_not_allowed} for a codec the container cannot hold
     */
    public static EncodingOptions read(Function<String, Object> values, OutputFormat format, String prefix) {
        Kind kind = format.kind();
        VideoCodec codec = VideoCodec.parse(values.apply("codec"), format, prefix + "codec");
        QualityPreset preset = QualityPreset.named(values.apply("quality"));
        Double widthPercent = Dimension.percent(values.apply("width"), prefix + "width");
        Double heightPercent = Dimension.percent(values.apply("height"), prefix + "height");
        Fit fit = Fit.parse(values.apply("fit"), prefix + "fit");
        Position position = Position.parse(values.apply("position"), prefix + "position");
        String background = colour(values.apply("background"), prefix + "background");
        if (kind == Kind.AUDIO) {
            refuse(fit, prefix + "fit", "An audio output has no picture to fit.");
            refuse(position, prefix + "position", "An audio output has no picture to position.");
            refuse(background, prefix + "background", "An audio output has no picture to pad.");
        }
        if (background != null && fit != Fit.CONTAIN) {
            throw SmidgenException.invalid(
                    prefix + "background",
                    prefix
                            + "background fills the space around a picture with fit contain; ask for \"fit\": \"contain\".");
        }
        Double fps = number(values.apply("fps"), prefix + "fps");
        if (fps != null) {
            if (kind != Kind.VIDEO && !isAnimatable(format)) {
                throw SmidgenException.invalid(
                        prefix + "fps", "A " + format.wire() + " output has no frame rate to set.");
            }
            int max = kind == Kind.VIDEO ? MAX_FPS : MAX_ANIMATION_FPS;
            if (fps < 1 || fps > max) {
                throw SmidgenException.invalid(
                        prefix + "fps", prefix + "fps must be from 1 to " + max + " for " + format.wire() + ".");
            }
        }
        Long bitrate = bitrate(values.apply("bitrate"), format, prefix + "bitrate");
        Double end = number(values.apply("end"), prefix + "end");
        if (end != null) {
            if (kind == Kind.IMAGE && !isAnimatable(format)) {
                throw SmidgenException.invalid(
                        prefix + "end",
                        "A " + format.wire() + " output is one frame; end applies to video, audio, gif and webp.");
            }
            if (!(end > 0)) {
                throw SmidgenException.invalid(prefix + "end", prefix + "end must be a number of seconds above 0.");
            }
        }
        if (format.isPackage()) {
            // The ladder sets each rung's size, rate and keyframes itself (docs/api/adaptive-streaming.md).
            String why = " does not apply to an hls package: its ladder takes width, height and quality.";
            refuse(fit, prefix + "fit", prefix + "fit" + why);
            refuse(position, prefix + "position", prefix + "position" + why);
            refuse(background, prefix + "background", prefix + "background" + why);
            refuse(fps, prefix + "fps", prefix + "fps" + why);
            refuse(bitrate, prefix + "bitrate", prefix + "bitrate" + why);
            refuse(end, prefix + "end", prefix + "end" + why);
        }
        return new EncodingOptions(
                codec, preset, widthPercent, heightPercent, fit, position, background, fps, bitrate, end);
    }

    /** Image formats that can be an animation: a clip of a video given by start, end and fps. */
    public static boolean isAnimatable(OutputFormat format) {
        return format == OutputFormat.GIF || format == OutputFormat.WEBP;
    }

    /**
     * Whether an image output of {@code format} is asked to be an animation: a GIF always is (from a timed
     * input), a WebP when a clip ({@code end}) or a frame rate is asked for.
     */
    public boolean animates(OutputFormat format) {
        return format == OutputFormat.GIF || (format == OutputFormat.WEBP && (end != null || fps != null));
    }

    private static Long bitrate(Object value, OutputFormat format, String field) {
        Double bits = number(value, field);
        if (bits == null) {
            return null;
        }
        long min;
        long max;
        switch (format) {
            case MP4, WEBM, MOV, AVI -> {
                min = MIN_VIDEO_BITRATE;
                max = MAX_VIDEO_BITRATE;
            }
            case MP3, OGG, AAC, OPUS -> {
                min = MIN_AUDIO_BITRATE;
                max = MAX_AUDIO_BITRATE;
            }
            default ->
                throw SmidgenException.invalid(
                        field, "A " + format.wire() + " output has no bit rate to set (" + field + ").");
        }
        if (bits < min || bits > max || bits != Math.rint(bits)) {
            throw SmidgenException.invalid(
                    field,
                    String.format(
                            Locale.ROOT,
                            "%s must be a whole number of bits per second from %,d to %,d for %s.",
                            field,
                            min,
                            max,
                            format.wire()));
        }
        return bits.longValue();
    }

    private static Double number(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw SmidgenException.invalid(field, field + " must be a number.");
        }
        return n.doubleValue();
    }

    /** {@code #rgb}, {@code #rrggbb} or {@code #rrggbbaa} (the # optional) as {@code #rrggbb[aa]}. */
    static String colour(Object value, String field) {
        if (value == null) {
            return null;
        }
        String text = value instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : "";
        var m = COLOUR.matcher(text);
        if (!m.matches()) {
            throw SmidgenException.invalid(
                    field, field + " must be a hex colour such as \"#000000\" (or \"#rrggbbaa\" with transparency).");
        }
        String hex = m.group(1);
        if (hex.length() == 3) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        return "#" + hex;
    }

    private static void refuse(Object value, String field, String why) {
        if (value != null) {
            throw SmidgenException.invalid(field, why);
        }
    }
}
