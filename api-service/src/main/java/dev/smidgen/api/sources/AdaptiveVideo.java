package dev.smidgen.api.sources;

import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.web.http.JsonBody;

/**
 * The {@code adaptive_video} kind of a conversion request (docs/api/adaptive-streaming.md): a video
 * conversion whose only format is {@code hls}. It is read as {@code kind: video, format: hls}, which is
 * what the task then shows, so both spellings make the same task.
 */
public final class AdaptiveVideo {
    /** The kind's wire name. */
    public static final String KIND = "adaptive_video";

    private AdaptiveVideo() {}

    /** {@code body} as a video conversion when its kind is {@value #KIND}; any other body as it is. */
    public static JsonBody normalize(JsonBody body) {
        if (!KIND.equals(body.string("kind"))) {
            return body;
        }
        String format = body.string("format");
        if (format != null && !format.equals(OutputFormat.HLS.wire())) {
            throw SmidgenException.invalid("format", "An adaptive_video is an HLS package: format must be hls.");
        }
        return body.with("kind", "video").with("format", OutputFormat.HLS.wire());
    }
}
