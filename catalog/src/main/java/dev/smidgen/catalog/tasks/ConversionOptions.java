package dev.smidgen.catalog.tasks;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.smidgen.model.Kind;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.Fit;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.Position;
import dev.smidgen.model.convert.QualityPreset;
import dev.smidgen.model.convert.StoryboardOptions;
import dev.smidgen.model.convert.VideoCodec;

/**
 * The {@code options} of a conversion task: the output asked for and, once the input's facts are
 * known, the size and label it will have. Width, height and label are stored even when null (the
 * API shows them so); {@code start} and the encoding options only when asked for, by their wire
 * names ({@link EncodingOptions} holds what each means).
 *
 * @param format        the wire name of the output format, read with the task's kind
 * @param quality       0 to 1, the request's (a preset's number) or {@link ConversionRequest#DEFAULT_QUALITY}
 * @param start         the second an image output is taken from, or where a timed output begins; null for the default
 * @param codec         the video codec asked for, e.g. {@code h265}
 * @param qualityPreset the named quality asked for, e.g. {@code medium}
 * @param widthPercent  the width asked for as a percentage of the input's; {@code width} holds its pixels once resolved
 * @param heightPercent as {@code widthPercent}
 * @param interval      a storyboard's seconds between thumbnails (docs/api/storyboards.md); width and height are
 *                      then one thumbnail's
 * @param columns       a storyboard's thumbnails across a sheet
 * @param rows          a storyboard's thumbnails down a sheet
 */
public record ConversionOptions(
        String format,
        @JsonInclude(JsonInclude.Include.ALWAYS) Integer width,
        @JsonInclude(JsonInclude.Include.ALWAYS) Integer height,
        Double quality,
        Double start,
        @JsonInclude(JsonInclude.Include.ALWAYS) String label,
        String codec,
        String qualityPreset,
        Double widthPercent,
        Double heightPercent,
        String fit,
        String position,
        String background,
        Double fps,
        Long bitrate,
        Double end,
        Double interval,
        Integer columns,
        Integer rows) {

    /** Options without encoding options, as tasks were before they existed. */
    public ConversionOptions(String format, Integer width, Integer height, Double quality, Double start, String label) {
        this(format, width, height, quality, start, label, EncodingOptions.NONE);
    }

    /** Options with the encoding options of {@code encoding}, stored by their wire names. */
    public ConversionOptions(
            String format,
            Integer width,
            Integer height,
            Double quality,
            Double start,
            String label,
            EncodingOptions encoding) {
        this(
                format,
                width,
                height,
                quality,
                start,
                label,
                encoding.codec() == null ? null : encoding.codec().wire(),
                encoding.qualityPreset() == null
                        ? null
                        : encoding.qualityPreset().wire(),
                encoding.widthPercent(),
                encoding.heightPercent(),
                encoding.fit() == null ? null : encoding.fit().wire(),
                encoding.position() == null ? null : encoding.position().wire(),
                encoding.background(),
                encoding.fps(),
                encoding.bitrate(),
                encoding.end(),
                null,
                null,
                null);
    }

    /** The output format for a task of {@code kind}. */
    public OutputFormat outputFormat(Kind kind) {
        return OutputFormat.of(kind, format);
    }

    /** The encoding options these were stored from. */
    @JsonIgnore
    public EncodingOptions encoding() {
        return new EncodingOptions(
                VideoCodec.ofWire(codec),
                QualityPreset.ofWire(qualityPreset),
                widthPercent,
                heightPercent,
                Fit.ofWire(fit),
                Position.ofWire(position),
                background,
                fps,
                bitrate,
                end);
    }

    /** The storyboard options these were stored from ({@link StoryboardOptions#NONE} for a source). */
    @JsonIgnore
    public StoryboardOptions storyboard() {
        return new StoryboardOptions(interval, columns, rows);
    }

    /** These options with the resolved size and label. */
    public ConversionOptions resolved(Integer width, Integer height, String label) {
        return new ConversionOptions(
                format,
                width,
                height,
                quality,
                start,
                label,
                codec,
                qualityPreset,
                widthPercent,
                heightPercent,
                fit,
                position,
                background,
                fps,
                bitrate,
                end,
                interval,
                columns,
                rows);
    }

    /** These options with a storyboard's interval and grid. */
    public ConversionOptions withStoryboard(Double interval, Integer columns, Integer rows) {
        return new ConversionOptions(
                format,
                width,
                height,
                quality,
                start,
                label,
                codec,
                qualityPreset,
                widthPercent,
                heightPercent,
                fit,
                position,
                background,
                fps,
                bitrate,
                end,
                interval,
                columns,
                rows);
    }
}
