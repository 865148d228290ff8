package dev.smidgen.model.automations;

import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.model.convert.ConversionCheck;
import dev.smidgen.model.convert.Dimension;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.QualityPreset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One conversion an automation asks for when it fires: the output {@code kind} and {@code format},
 * and optionally {@code width}, {@code height} (pixels, 1 to 8192, not for audio), {@code quality}
 * (0 to 1, or a named quality), {@code start} (seconds into a video: an image's frame, a clip's start), the
 * {@code label} of the new file, and the encoding options of a request ({@link EncodingOptions}: codec, sizes
 * as percentages, fit, position, background, fps, bitrate, end), read by the same code. Whether the conversion fits a given input (the
 * conversion matrix, no upscaling) is only known when it fires, against that input's probed facts.
 */
public record ConversionTemplate(
        Kind kind,
        OutputFormat format,
        Integer width,
        Integer height,
        Double quality,
        Double start,
        String label,
        EncodingOptions encoding) {
    /** Most templates one automation may hold. */
    public static final int MAX_TEMPLATES = 10;
    /** Largest width or height a template may ask for: what a direct conversion request may. */
    public static final int MAX_DIMENSION = ConversionCheck.MAX_SIDE;

    /** A template without encoding options. */
    public ConversionTemplate(
            Kind kind, OutputFormat format, Integer width, Integer height, Double quality, Double start, String label) {
        this(kind, format, width, height, quality, start, label, EncodingOptions.NONE);
    }

    public ConversionTemplate {
        encoding = encoding == null ? EncodingOptions.NONE : encoding;
        if (kind == null || format == null) {
            throw new IllegalArgumentException("A template needs a kind and a format");
        }
        if (format.kind() != kind) {
            throw new IllegalArgumentException(format.wire() + " is not a " + kind.wire() + " format");
        }
    }

    /**
     * Reads the {@code tasks} list of an automation: 1 to {@value #MAX_TEMPLATES} templates. Throws
     * {@code invalid_request} naming the JSON path of the first problem, e.g. {@code tasks[1].format}.
     */
    public static List<ConversionTemplate> parseList(Object json, String field) {
        if (!(json instanceof List<?> raw) || raw.isEmpty() || raw.size() > MAX_TEMPLATES) {
            throw SmidgenException.invalid(
                    field,
                    field + " must be a list of 1 to " + MAX_TEMPLATES
                            + " tasks {kind, format, width?, height?, quality?, start?, label?}.");
        }
        List<ConversionTemplate> templates = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            templates.add(parse(raw.get(i), field + "[" + i + "]"));
        }
        return templates;
    }

    /** Reads one template object; {@code field} is its JSON path. */
    public static ConversionTemplate parse(Object json, String field) {
        if (!(json instanceof Map<?, ?> map)) {
            throw SmidgenException.invalid(
                    field, field + " must be an object {kind, format, width?, height?, quality?, start?, label?}.");
        }
        Object kindValue = map.get("kind");
        if (!(kindValue instanceof String kindName)) {
            throw SmidgenException.invalid(field + ".kind", field + ".kind must be one of video, audio, image.");
        }
        Kind kind = renamed(field + ".kind", () -> Kind.fromWire(kindName));
        if (kind == Kind.THUMBNAILS) {
            // Its options (interval, columns, rows) are not part of a template; ask for it with POST /sources.
            throw SmidgenException.invalid(
                    field + ".kind",
                    field + ".kind must be one of video, audio, image: templates make no storyboards.");
        }
        Object formatValue = map.get("format");
        if (!(formatValue instanceof String formatName)) {
            throw SmidgenException.invalid(field + ".format", field + ".format is required.");
        }
        OutputFormat format = renamed(field + ".format", () -> OutputFormat.of(kind, formatName));
        Integer width = Dimension.isPercent(map.get("width")) ? null : dimension(map.get("width"), field + ".width");
        Integer height =
                Dimension.isPercent(map.get("height")) ? null : dimension(map.get("height"), field + ".height");
        if (kind == Kind.AUDIO && (map.get("width") != null || map.get("height") != null)) {
            String sized = field + (map.get("width") != null ? ".width" : ".height");
            throw SmidgenException.invalid(sized, sized + ": an audio output has no width or height.");
        }
        Double quality = QualityPreset.quality(map.get("quality"), field + ".quality");
        Double start = ConversionCheck.start(map.get("start"), format, field + ".start");
        EncodingOptions encoding = EncodingOptions.read(map::get, format, field + ".");
        Object labelValue = map.get("label");
        if (labelValue != null && !(labelValue instanceof String)) {
            throw SmidgenException.invalid(field + ".label", field + ".label must be a string.");
        }
        String label = renamed(field + ".label", () -> StoragePaths.label((String) labelValue));
        return new ConversionTemplate(kind, format, width, height, quality, start, label, encoding);
    }

    /** The stored and returned form; absent options are null. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", kind.wire());
        json.put("format", format.wire());
        json.put("width", encoding.widthPercent() != null ? percent(encoding.widthPercent()) : width);
        json.put("height", encoding.heightPercent() != null ? percent(encoding.heightPercent()) : height);
        json.put(
                "quality",
                encoding.qualityPreset() != null ? encoding.qualityPreset().wire() : quality);
        json.put("start", start);
        json.put("label", label);
        // Encoding options only when asked for: templates stored before they existed keep their shape.
        putIf(json, "codec", encoding.codec() == null ? null : encoding.codec().wire());
        putIf(json, "fit", encoding.fit() == null ? null : encoding.fit().wire());
        putIf(
                json,
                "position",
                encoding.position() == null ? null : encoding.position().wire());
        putIf(json, "background", encoding.background());
        putIf(json, "fps", encoding.fps());
        putIf(json, "bitrate", encoding.bitrate());
        putIf(json, "end", encoding.end());
        return json;
    }

    private static Integer dimension(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer || value instanceof Long)
                || ((Number) value).longValue() < 1
                || ((Number) value).longValue() > MAX_DIMENSION) {
            throw SmidgenException.invalid(
                    field, field + " must be a whole number of pixels from 1 to " + MAX_DIMENSION + ".");
        }
        return ((Number) value).intValue();
    }

    private static void putIf(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    /** A percentage as it was asked for: {@code "50%"}, {@code "33.5%"}. */
    private static String percent(double percent) {
        return (percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent)) + "%";
    }

    /** Runs a shared validator whose errors name a top-level field, naming the nested path instead. */
    private static <T> T renamed(String field, Supplier<T> check) {
        try {
            return check.get();
        } catch (SmidgenException e) {
            throw SmidgenException.invalid(field, e.getMessage().replaceFirst("^(kind|format|label) ", field + " "));
        }
    }
}
