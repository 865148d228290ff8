package dev.smidgen.api.sources;

import dev.smidgen.catalog.tasks.ConversionRequest;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.QualityPreset;
import dev.smidgen.model.convert.StoryboardOptions;
import dev.smidgen.web.http.JsonBody;
import java.util.List;

/**
 * Reads the body of a {@code thumbnails} conversion (docs/api/storyboards.md): the input as for any
 * conversion ({@link ConversionBody#input}), the sheets' {@code format}, {@code quality}, one thumbnail's
 * {@code width}, {@code interval}, {@code columns} and {@code rows}. The options of a picture or a clip
 * mean nothing to a storyboard, which covers the whole video at a fixed aspect ratio, so each is a 400
 * naming it rather than being ignored.
 */
final class StoryboardBody {
    /** Conversion options a storyboard cannot take. */
    private static final List<String> REFUSED =
            List.of("height", "codec", "fit", "position", "background", "fps", "bitrate", "start", "end");

    private StoryboardBody() {}

    static ConversionRequest parse(JsonBody body) {
        ConversionBody.Input input = ConversionBody.input(body);
        for (String field : REFUSED) {
            if (body.value(field) != null) {
                throw SmidgenException.invalid(field, refusal(field));
            }
        }
        String formatName = body.string("format");
        OutputFormat format = OutputFormat.of(Kind.THUMBNAILS, formatName == null ? "jpeg" : formatName);
        Double quality = QualityPreset.quality(body.value("quality"), "quality");
        QualityPreset preset = QualityPreset.named(body.value("quality"));
        StoryboardOptions storyboard = StoryboardOptions.read(body::value);
        return new ConversionRequest(
                input.fileId(),
                input.mediaId(),
                input.url(),
                Kind.THUMBNAILS,
                format,
                StoryboardOptions.width(body.value("width")),
                null,
                quality,
                null,
                StoragePaths.label(body.string("label")),
                ConversionBody.webhookUrl(body),
                null,
                preset == null
                        ? EncodingOptions.NONE
                        : new EncodingOptions(null, preset, null, null, null, null, null, null, null, null),
                storyboard);
    }

    private static String refusal(String field) {
        return switch (field) {
            case "height" -> "A thumbnail's height follows the video's aspect ratio; give its width only.";
            case "start", "end" -> "A storyboard covers the whole video; it takes no " + field + ".";
            default -> "A storyboard takes no " + field + "; see docs/api/storyboards.md for its options.";
        };
    }
}
