package dev.smidgen.api.uploads;

import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.model.Alias;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.model.uploads.UploadConditions;
import dev.smidgen.web.http.JsonBody;
import java.time.Duration;
import java.util.Map;

/** A validated {@code POST /uploads} body: what the uploaded media will be called and must be. */
public record UploadRequest(
        boolean resumable,
        String folder,
        String filename,
        String title,
        String alias,
        boolean overwrite,
        Map<String, Object> metadata,
        UploadConditions conditions,
        Duration expiresIn) {
    private static final long MIN_EXPIRY_SECONDS = 60;

    public static UploadRequest from(JsonBody body, UploadConfig config) {
        boolean resumable = body.bool("resumable", false);
        String title = body.string("title");
        if (title != null && title.length() > 255) {
            throw SmidgenException.invalid("title", "title must be at most 255 characters.");
        }
        Long seconds = body.wholeNumber("expires_in");
        Duration expiresIn = resumable ? config.resumableExpiry() : config.simpleExpiry();
        if (seconds != null) {
            if (seconds < MIN_EXPIRY_SECONDS || seconds > config.maxExpiry().toSeconds()) {
                throw SmidgenException.invalid(
                        "expires_in",
                        "expires_in is in seconds, from " + MIN_EXPIRY_SECONDS + " to "
                                + config.maxExpiry().toSeconds() + ".");
            }
            expiresIn = Duration.ofSeconds(seconds);
        }
        return new UploadRequest(
                resumable,
                StoragePaths.folder(body.string("folder")),
                StoragePaths.filename(body.string("filename")),
                title,
                Alias.check(body.string("alias")),
                body.bool("overwrite", false),
                body.metadata(),
                UploadConditions.parse(body.value("conditions")),
                expiresIn);
    }
}
