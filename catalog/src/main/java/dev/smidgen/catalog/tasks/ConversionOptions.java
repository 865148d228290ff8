package dev.smidgen.catalog.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.smidgen.model.Kind;
import dev.smidgen.model.convert.OutputFormat;

/**
 * The {@code options} of a conversion task: the output asked for and, once the input's facts are
 * known, the size and label it will have. Width, height and label are stored even when null (the
 * API shows them so); {@code start} only when asked for.
 *
 * @param format  the wire name of the output format, read with the task's kind
 * @param quality 0 to 1, the request's or {@link ConversionRequest#DEFAULT_QUALITY}
 * @param start   the second an image output is taken from, or null for the default
 */
public record ConversionOptions(
        String format,
        @JsonInclude(JsonInclude.Include.ALWAYS) Integer width,
        @JsonInclude(JsonInclude.Include.ALWAYS) Integer height,
        Double quality,
        Double start,
        @JsonInclude(JsonInclude.Include.ALWAYS) String label) {

    /** The output format for a task of {@code kind}. */
    public OutputFormat outputFormat(Kind kind) {
        return OutputFormat.of(kind, format);
    }

    /** These options with the resolved size and label. */
    public ConversionOptions resolved(Integer width, Integer height, String label) {
        return new ConversionOptions(format, width, height, quality, start, label);
    }
}
