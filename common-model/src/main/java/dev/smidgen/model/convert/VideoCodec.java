package dev.smidgen.model.convert;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The video codec of a video output ({@code codec} of a request), and which containers can hold it
 * (docs/api/conversions.md#codecs-and-containers). Each video format has a default codec, the one it had
 * before codecs could be chosen; {@code avi} keeps its one codec.
 */
public enum VideoCodec {
    H264("h264"),
    H265("h265"),
    VP9("vp9"),
    AV1("av1"),
    /** MPEG-4 Part 2, the one codec of {@code avi}: accepted there by name, never elsewhere. */
    MPEG4("mpeg4");

    private final String wire;

    VideoCodec(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /**
     * The codecs a container takes, its default first. mp4 holds AV1 (the {@code av01} sample entry) and
     * HEVC (tagged {@code hvc1}); mov holds what Apple players decode; webm only the royalty-free codecs.
     */
    public static List<VideoCodec> allowedIn(OutputFormat format) {
        return switch (format) {
            case MP4 -> List.of(H264, H265, AV1);
            case MOV -> List.of(H264, H265);
            case WEBM -> List.of(VP9, AV1);
            case AVI -> List.of(MPEG4);
            case HLS -> List.of(H264); // every rung of the ladder is H.264, which every HLS player decodes
            default -> List.of();
        };
    }

    /** The codec a video format gets when the request names none. */
    public static VideoCodec defaultFor(OutputFormat format) {
        List<VideoCodec> allowed = allowedIn(format);
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException(format.wire() + " has no video codec");
        }
        return allowed.get(0);
    }

    /** {@code asked}, or the format's default when null. */
    public static VideoCodec resolve(OutputFormat format, VideoCodec asked) {
        return asked == null ? defaultFor(format) : asked;
    }

    /**
     * Reads a request's {@code codec} for {@code format}: null when absent.
     *
     * @throws SmidgenException {@code invalid_request} for an unknown name or a codec on a non-video output,
     *                          {@code conversion_not_allowed} (422) for a codec the container cannot hold
     */
    public static VideoCodec parse(Object value, OutputFormat format, String field) {
        if (value == null) {
            return null;
        }
        String all = Arrays.stream(values()).map(VideoCodec::wire).collect(Collectors.joining(", "));
        if (!(value instanceof String name)) {
            throw SmidgenException.invalid(field, field + " must be one of " + all + ".");
        }
        String normal = name.toLowerCase(Locale.ROOT);
        VideoCodec codec = switch (normal) {
            case "hevc" -> H265;
            case "avc" -> H264;
            default ->
                Arrays.stream(values())
                        .filter(c -> c.wire.equals(normal))
                        .findFirst()
                        .orElseThrow(() -> SmidgenException.invalid(field, field + " must be one of " + all + "."));
        };
        if (format.kind() != dev.smidgen.model.Kind.VIDEO) {
            throw SmidgenException.invalid(
                    field, field + " is the codec of a video output; " + format.wire() + " has no choice of codec.");
        }
        List<VideoCodec> allowed = allowedIn(format);
        if (!allowed.contains(codec)) {
            throw new SmidgenException(
                    ErrorCode.CONVERSION_NOT_ALLOWED,
                    "A " + format.wire() + " cannot hold " + codec.wire() + " video; " + format.wire() + " takes "
                            + allowed.stream().map(VideoCodec::wire).collect(Collectors.joining(", ")) + ".",
                    field);
        }
        return codec;
    }

    /** The codec of a stored wire name (written by {@link #wire()}); null for null. */
    public static VideoCodec ofWire(String wire) {
        if (wire == null) {
            return null;
        }
        for (VideoCodec c : values()) {
            if (c.wire.equals(wire)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown codec " + wire);
    }
}
