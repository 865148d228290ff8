package dev.smidgen.catalog.connections;

import dev.smidgen.model.SmidgenException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An object in a user's own bucket, reached through one of the project's connections
 * (docs/api/connections.md): what an {@code s3://bucket/key} URL names once its connection is known.
 *
 * @param connectionId the connection whose endpoint and keys reach the bucket
 */
public record BucketObject(String connectionId, String bucket, String key) {
    /** S3's rules for bucket names (3–63 characters of lower-case letters, digits, dots and hyphens). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private static final int MAX_KEY_BYTES = 1024;

    public BucketObject {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    /** Whether {@code url} is written with the {@code s3} scheme (and so needs a connection). */
    public static boolean isS3(String url) {
        return url != null && url.regionMatches(true, 0, "s3://", 0, 5);
    }

    /**
     * The bucket and key of {@code url}, an {@code s3://bucket/key} URL, in {@code connectionId}.
     *
     * @throws SmidgenException {@code invalid_request} naming {@code field} for anything else
     */
    public static BucketObject parse(String url, String connectionId, String field) {
        if (!isS3(url)) {
            throw SmidgenException.invalid(field, field + " must be an s3://bucket/key URL.");
        }
        String rest = url.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        checkBucket(bucket, field);
        if (key.isEmpty() || key.endsWith("/")) {
            throw SmidgenException.invalid(field, field + " must name an object: s3://bucket/key.");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES
                || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw SmidgenException.invalid(
                    field, field + " has a key S3 cannot store (control characters or over 1024 bytes).");
        }
        return new BucketObject(connectionId, bucket, key);
    }

    /**
     * {@code bucket}, if it is a valid S3 bucket name.
     *
     * @throws SmidgenException {@code invalid_request} naming {@code field} otherwise
     */
    public static String checkBucket(String bucket, String field) {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw SmidgenException.invalid(
                    field, field + " names no valid bucket (3-63 lower-case letters, digits, '.', '-').");
        }
        return bucket;
    }

    /** The object as an {@code s3://} URL, as tasks and jobs show it. */
    public String url() {
        return "s3://" + bucket + "/" + key;
    }

    /** For logs: the URL, with the connection (never its keys). */
    @Override
    public String toString() {
        return url() + " via " + connectionId;
    }
}
