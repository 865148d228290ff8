package dev.smidgen.media.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns ffprobe's JSON ({@code -show_format -show_streams -show_error}) into a {@link ProbeResult}, or
 * rejects the file as {@link ErrorCode#UNSUPPORTED_MEDIA}. Pure: no I/O, no FFmpeg.
 */
public final class ProbeParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** MP4-family brands of HEIF/AVIF still images, which the mov demuxer would present as video. */
    private static final Set<String> HEIF_BRANDS =
            Set.of("avis", "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1");
    /** The brand of an AVIF still image: one AV1 picture, which FFmpeg decodes (libaom) and converts. */
    private static final String AVIF_BRAND = "avif";
    /** Pixel formats with an alpha channel: yuva420p, rgba, bgra, argb, abgr, ya8, gbrap, rgba64le, ... */
    private static final Pattern ALPHA_PIX_FMT = Pattern.compile("^(yuva|gbrap|ya[0-9]|rgba|bgra|argb|abgr).*");

    private ProbeParser() {}

    /**
     * @param json     ffprobe's standard output
     * @param fileSize the probed file's size in bytes (reported as {@code filesize})
     * @throws SmidgenException {@link ErrorCode#UNSUPPORTED_MEDIA} with a human message when the file is
     *                          not media Smidgen reads
     */
    public static ProbeResult parse(String json, long fileSize) {
        JsonNode root = readTree(json);
        JsonNode error = root.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            String reason = text(error, "string");
            throw unsupported("The file is not media Smidgen can read" + (reason == null ? "." : " (" + reason + ")."));
        }
        JsonNode format = root.path("format");
        String formatName = text(format, "format_name");
        if (formatName == null) {
            throw unsupported("The file is not media Smidgen can read.");
        }
        if (formatName.equals("tty")) {
            throw unsupported("The file is text, not media.");
        }
        Demuxer demuxer = Demuxer.byFormatName(formatName)
                .orElseThrow(() ->
                        unsupported("The file's format (" + describe(format, formatName) + ") is not supported."));
        String majorBrand = tag(format, "major_brand");
        if (demuxer == Demuxer.MOV
                && majorBrand != null
                && HEIF_BRANDS.contains(majorBrand.trim().toLowerCase(Locale.ROOT))) {
            throw unsupported("HEIF images and AVIF sequences are not supported.");
        }
        boolean avif = demuxer == Demuxer.MOV
                && majorBrand != null
                && AVIF_BRAND.equals(majorBrand.trim().toLowerCase(Locale.ROOT));

        List<StreamFacts> pictures = new ArrayList<>();
        List<StreamFacts> audio = new ArrayList<>();
        for (JsonNode node : root.path("streams")) {
            StreamFacts stream = StreamFacts.of(node);
            if (stream.codec == null) {
                continue; // FFmpeg has no decoder for it
            }
            if (stream.type.equals("video") && !stream.attachedPic) {
                pictures.add(stream);
            } else if (stream.type.equals("audio")) {
                audio.add(stream);
            }
        }

        Kind kind;
        if (demuxer.isImage() || avif) {
            if (pictures.isEmpty()) {
                throw unsupported("The file has no image Smidgen can decode.");
            }
            kind = Kind.IMAGE;
        } else if (!pictures.isEmpty()) {
            kind = Kind.VIDEO;
        } else if (!audio.isEmpty()) {
            kind = Kind.AUDIO;
        } else {
            throw unsupported("The file has no audio or video stream Smidgen can decode.");
        }
        return build(kind, demuxer, majorBrand, format, pictures, audio, fileSize);
    }

    /**
     * Whether ffprobe read {@code json} as a WebP whose picture has no size: its decoder cannot read an
     * animation and leaves the stream so. {@link Ffprobe} then reads the file's chunks instead
     * ({@link AnimatedWebp}); {@link #parse} alone refuses such a file.
     */
    public static boolean isUndecodedWebp(String json) {
        JsonNode root;
        try {
            root = json == null || json.isBlank() ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return false;
        }
        if (root == null || !root.path("error").isMissingNode()) {
            return false;
        }
        if (!Demuxer.WEBP.formatName().equals(text(root.path("format"), "format_name"))) {
            return false;
        }
        for (JsonNode node : root.path("streams")) {
            if ("video".equals(text(node, "codec_type"))) {
                return node.path("width").asInt(0) <= 0 || node.path("height").asInt(0) <= 0;
            }
        }
        return false;
    }

    private static ProbeResult build(
            Kind kind,
            Demuxer demuxer,
            String majorBrand,
            JsonNode format,
            List<StreamFacts> pictures,
            List<StreamFacts> audio,
            long fileSize) {
        StreamFacts picture = pictures.isEmpty() ? null : pictures.get(0);
        StreamFacts sound = audio.isEmpty() ? null : audio.get(0);
        StreamFacts primary = kind == Kind.AUDIO ? sound : picture;

        MediaType type = MediaType.of(
                demuxer,
                kind,
                majorBrand,
                primary.codec,
                pictures.stream().map(s -> s.codec).toList(),
                audio.stream().map(s -> s.codec).toList());
        if (type == null) {
            throw unsupported("The image format (" + primary.codec + ") is not supported.");
        }

        Integer width = null;
        Integer height = null;
        int rotation = 0;
        String orientation = null;
        if (picture != null) {
            if (picture.width <= 0 || picture.height <= 0) {
                // FFmpeg's WebP decoder cannot read animated WebP: the stream shows up with no size, and
                // Ffprobe reads such a file's chunks instead (isUndecodedWebp); here it is only refused.
                throw unsupported(
                        demuxer == Demuxer.WEBP
                                ? "The WebP picture has no size FFmpeg can read."
                                : "The file's picture has no size.");
            }
            rotation = picture.rotation;
            boolean sideways = rotation == 90 || rotation == 270;
            width = sideways ? picture.height : picture.width;
            height = sideways ? picture.width : picture.height;
            orientation = width > height ? "landscape" : width < height ? "portrait" : "square";
        }

        Double duration = positive(number(format, "duration"));
        if (duration == null) {
            duration = positive(primary.duration);
        }
        Long frames = picture == null ? null : picture.frames;
        boolean animated = kind == Kind.IMAGE && frames != null && frames > 1;
        boolean still = kind == Kind.IMAGE && !animated;

        if (kind == Kind.VIDEO && duration == null && (frames == null || frames == 0)) {
            throw unsupported("The video has no frames.");
        }
        if (kind == Kind.AUDIO && duration == null) {
            throw unsupported("The audio has no duration.");
        }

        Long bitrate = null;
        if (!still) {
            Double stated = number(format, "bit_rate");
            bitrate = stated != null && stated > 0
                    ? Long.valueOf(stated.longValue())
                    : duration != null ? Long.valueOf(Math.round(fileSize * 8 / duration)) : null;
        }
        return new ProbeResult(
                kind,
                type.mimeType(),
                type.extension(),
                type.container(),
                primary.codec,
                sound == null ? null : sound.codec,
                width,
                height,
                still ? null : duration,
                picture == null || still ? null : picture.fps(),
                bitrate,
                fileSize,
                rotation,
                orientation,
                kind == Kind.VIDEO,
                sound != null,
                picture != null && picture.alpha,
                animated,
                frames);
    }

    private static JsonNode readTree(String json) {
        try {
            JsonNode root = json == null || json.isBlank() ? null : JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw unsupported("The file is not media Smidgen can read.");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw unsupported("The file is not media Smidgen can read.");
        }
    }

    private static String describe(JsonNode format, String formatName) {
        String longName = text(format, "format_long_name");
        return longName == null ? formatName : longName;
    }

    static SmidgenException unsupported(String message) {
        return new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, message);
    }

    /** A field's text, treating ffprobe's "N/A" and "unknown" as absent. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() || text.equals("N/A") || text.equals("unknown") ? null : text;
    }

    /** ffprobe writes most numbers as JSON strings; accepts both. */
    private static Double number(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double positive(Double value) {
        return value != null && value > 0 ? value : null;
    }

    /** A tag value by case-insensitive key (Matroska writes tags in upper case). */
    private static String tag(JsonNode node, String key) {
        for (Map.Entry<String, JsonNode> entry : node.path("tags").properties()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue().asText();
            }
        }
        return null;
    }

    /** The facts of one ffprobe stream that matter here. */
    private static final class StreamFacts {
        String type;
        String codec;
        int width;
        int height;
        boolean attachedPic;
        boolean alpha;
        int rotation;
        Double duration;
        Long frames;
        String avgFrameRate;
        String rFrameRate;

        static StreamFacts of(JsonNode node) {
            StreamFacts s = new StreamFacts();
            s.type = String.valueOf(text(node, "codec_type"));
            s.codec = text(node, "codec_name");
            if ("none".equals(s.codec)) {
                s.codec = null;
            }
            s.width = node.path("width").asInt(0);
            s.height = node.path("height").asInt(0);
            s.attachedPic = node.path("disposition").path("attached_pic").asInt(0) == 1;
            String pixFmt = text(node, "pix_fmt");
            s.alpha = pixFmt != null && ALPHA_PIX_FMT.matcher(pixFmt).matches()
                    // VP8/VP9 keep alpha in a side channel that Matroska flags with this tag.
                    || "1".equals(tag(node, "alpha_mode"));
            s.rotation = rotation(node);
            s.duration = number(node, "duration");
            Double frames = number(node, "nb_frames");
            s.frames = frames == null ? null : frames.longValue();
            s.avgFrameRate = text(node, "avg_frame_rate");
            s.rFrameRate = text(node, "r_frame_rate");
            return s;
        }

        Double fps() {
            Double fps = rational(avgFrameRate);
            if (fps == null) {
                fps = rational(rFrameRate);
            }
            return fps == null ? null : Math.round(fps * 1000) / 1000.0;
        }

        /**
         * Clockwise degrees in [0, 360): from the display matrix (whose angle ffprobe reports
         * counter-clockwise), else from the legacy clockwise {@code rotate} tag.
         */
        private static int rotation(JsonNode node) {
            for (JsonNode sideData : node.path("side_data_list")) {
                Double ccw = number(sideData, "rotation");
                if (ccw != null) {
                    return normalise(-ccw);
                }
            }
            String tag = tag(node, "rotate");
            if (tag != null) {
                try {
                    return normalise(Double.parseDouble(tag));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
            return 0;
        }

        private static int normalise(double degrees) {
            long rounded = Math.round(degrees);
            return (int) (((rounded % 360) + 360) % 360);
        }

        /** "25/1" → 25.0; "0/0", "N/A" and non-positive rates → null. */
        private static Double rational(String value) {
            if (value == null) {
                return null;
            }
            String[] parts = value.split("/");
            try {
                double numerator = Double.parseDouble(parts[0]);
                double denominator = parts.length > 1 ? Double.parseDouble(parts[1]) : 1;
                double rate = numerator / denominator;
                return denominator > 0 && rate > 0 && Double.isFinite(rate) ? rate : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
