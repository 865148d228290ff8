package dev.smidgen.api.sources;

import dev.smidgen.catalog.tasks.ConversionRequest;
import dev.smidgen.model.Ids;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.model.convert.ConversionCheck;
import dev.smidgen.model.convert.Dimension;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.QualityPreset;
import dev.smidgen.model.convert.StoryboardOptions;
import dev.smidgen.model.net.AddressGuard;
import dev.smidgen.model.net.SourceUrl;
import dev.smidgen.web.http.JsonBody;

/**
 * Reads the body of {@code POST /tasks} and {@code POST /sources} for a conversion
 * ({@code kind} video, audio or image). Only what the text alone can tell is checked here; the
 * rules that need the input's facts run in {@link dev.smidgen.catalog.tasks.ConversionTasks}, and the
 * address checks that need DNS right before a worker or the webhook sender connects.
 */
public final class ConversionBody {
    private static final AddressGuard SYNTAX = new AddressGuard(false);

    private ConversionBody() {}

    /** What a conversion converts: exactly one of a file id, a media id (or alias) and a URL. */
    public record Input(String fileId, String mediaId, SourceUrl url) {
        /** The input of a conversion whose file another step makes. */
        public static final Input LATER = new Input(null, null, null);
    }

    /** The input of a conversion body, shared by every kind (docs/api/conversions.md). */
    static Input input(JsonBody body) {
        String fileId = body.string("file_id");
        String mediaId = body.string("media_id");
        String url = body.string("url");
        int inputs = (fileId == null ? 0 : 1) + (mediaId == null ? 0 : 1) + (url == null ? 0 : 1);
        if (inputs != 1) {
            throw SmidgenException.invalid(
                    inputs == 0 ? "file_id" : "url", "Give exactly one of file_id, media_id or url.");
        }
        // ittybit's own example passes a media id as file_id (docs/api/ittybit.md#sources): take either id.
        if (fileId != null && fileId.startsWith("med_")) {
            mediaId = fileId;
            fileId = null;
        }
        return new Input(Ids.canonicalFileId(fileId), mediaId, url == null ? null : SourceUrl.parse(url));
    }

    /** The {@code webhook_url} of a conversion body, checked for its syntax; null when absent. */
    static String webhookUrl(JsonBody body) {
        String webhookUrl = body.string("webhook_url");
        return webhookUrl == null
                ? null
                : SYNTAX.checkUrl(webhookUrl, "webhook_url").toString();
    }

    static ConversionRequest parse(JsonBody body, Kind kind) {
        return parse(body, kind, input(body), OutputFormat.of(kind, body.requiredString("format")));
    }

    /**
     * The conversion {@code body} asks for, of {@code input} (its ids and URL may all be null: the
     * input of a job's encode step is the file its import step stores) to {@code format}.
     */
    public static ConversionRequest parse(JsonBody body, Kind kind, Input input, OutputFormat format) {
        Double quality = QualityPreset.quality(body.value("quality"), "quality");
        Double start = ConversionCheck.start(body.value("start"), format, "start");
        EncodingOptions encoding = EncodingOptions.read(body::value, format, "");
        if (kind == Kind.AUDIO && (body.value("width") != null || body.value("height") != null)) {
            String sized = body.value("width") != null ? "width" : "height";
            throw SmidgenException.invalid(sized, "An audio output has no width or height.");
        }
        return new ConversionRequest(
                input.fileId(),
                input.mediaId(),
                input.url(),
                kind,
                format,
                side(body, "width"),
                side(body, "height"),
                quality,
                start,
                StoragePaths.label(body.string("label")),
                webhookUrl(body),
                null,
                encoding,
                StoryboardOptions.NONE);
    }

    /** A side in pixels; null when absent or given as a percentage (read into the encoding options). */
    private static Integer side(JsonBody body, String name) {
        if (Dimension.isPercent(body.value(name))) {
            return null;
        }
        Long n = body.wholeNumber(name);
        if (n == null) {
            return null;
        }
        if (n < 1 || n > ConversionCheck.MAX_SIDE) {
            throw SmidgenException.invalid(name, name + " must be between 1 and " + ConversionCheck.MAX_SIDE + ".");
        }
        return n.intValue();
    }
}
