package dev.smidgen.api.signatures;

import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.web.http.JsonBody;
import java.time.Duration;
import java.time.Instant;

/** A validated {@code POST /signatures} body: which path, until when, for reading or writing. */
public record SignatureRequest(String folder, String filename, long expiry, SignedMethod method) {

    /**
     * Reads the body; {@code expiry} (unix seconds) must lie after {@code now} and no further ahead
     * than {@code maxLifetime}, so that no URL works forever once it leaks.
     */
    public static SignatureRequest from(JsonBody body, Instant now, Duration maxLifetime) {
        String folder = StoragePaths.folder(body.string("folder"));
        String filename = StoragePaths.filename(body.requiredString("filename"));
        long expiry = body.requiredWholeNumber("expiry");
        if (expiry <= now.getEpochSecond()) {
            throw SmidgenException.invalid("expiry", "expiry must be in the future, in unix seconds.");
        }
        if (expiry > now.plus(maxLifetime).getEpochSecond()) {
            throw SmidgenException.invalid(
                    "expiry", "expiry must be at most " + maxLifetime.toSeconds() + " seconds from now.");
        }
        String method = body.string("method");
        SignedMethod signed = method == null
                ? SignedMethod.GET
                : SignedMethod.fromWire(method)
                        .orElseThrow(() -> SmidgenException.invalid("method", "method must be get or put."));
        return new SignatureRequest(folder, filename, expiry, signed);
    }

    /** The signed path: {@code folder/filename} relative to the project. */
    public String path() {
        return StoragePaths.relativePath(folder, filename);
    }
}
