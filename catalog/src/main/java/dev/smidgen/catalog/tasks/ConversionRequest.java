package dev.smidgen.catalog.tasks;

import dev.smidgen.model.Kind;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.StoryboardOptions;
import dev.smidgen.model.net.SourceUrl;

/**
 * A validated request for a new source: exactly one of {@code fileId}, {@code mediaId} (id or
 * alias) or {@code url} names the input; sizes, quality and the start of an image output are as
 * asked (null = default).
 *
 * @param automationId the automation whose template this is, or null for a direct request
 * @param encoding     codec, named quality, percentages, fit, frame rate, bit rate and end
 *                     ({@link EncodingOptions#NONE} when none was asked for)
 * @param storyboard   interval and grid of a {@code thumbnails} request ({@link StoryboardOptions#NONE} otherwise)
 */
public record ConversionRequest(
        String fileId,
        String mediaId,
        SourceUrl url,
        Kind kind,
        OutputFormat format,
        Integer width,
        Integer height,
        Double quality,
        Double start,
        String label,
        String webhookUrl,
        String automationId,
        EncodingOptions encoding,
        StoryboardOptions storyboard) {
    public ConversionRequest {
        encoding = encoding == null ? EncodingOptions.NONE : encoding;
        storyboard = storyboard == null ? StoryboardOptions.NONE : storyboard;
    }

    /** The quality used when a request names none (docs/api/ittybit.md#sources). */
    public static final double DEFAULT_QUALITY = 0.8;

    public double qualityOrDefault() {
        return quality == null ? DEFAULT_QUALITY : quality;
    }
}
