package dev.smidgen.catalog.uploads;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Direct-upload settings, read by the api-service (which creates sessions) and the upload
 * service (which takes their bytes).
 */
@ConfigMapping(prefix = "smidgen.uploads")
public interface UploadConfig {
    /** Largest object S3 can hold, and so the ceiling of {@link #maxFileSize()}. */
    long MAX_OBJECT_BYTES = 5L << 40;

    /** Public base URL of the upload service: session URLs are {@code {base-url}/store/...?key=...}. */
    @WithDefault("http://localhost:8081")
    String baseUrl();

    /** Largest file a session accepts (413 {@code file_too_large} above it); at most 5 TiB. */
    @WithDefault("1G")
    MemorySize maxFileSize();

    /**
     * S3 part size when the declared length allows it; bigger files get bigger (equal) parts so
     * that they fit in 10,000. Each part is spooled to local disk before it is sent. Unused on the
     * filesystem store, where offset uploads append to one staged file.
     */
    @WithDefault("16M")
    MemorySize partSize();

    /** Parts a request sends to S3 side by side; each waits on local disk, so this bounds a request's spool use too. */
    @WithDefault("4")
    int partsInFlight();

    /** Life of a simple session when the request names no {@code expires_in}. */
    @WithDefault("1h")
    Duration simpleExpiry();

    /** Life of a resumable session when the request names no {@code expires_in}. */
    @WithDefault("24h")
    Duration resumableExpiry();

    /** Longest {@code expires_in} a session may ask for. */
    @WithDefault("7d")
    Duration maxExpiry();

    /** Where parts and chunks wait on local disk before they go to S3 (default: the system temp dir); S3 store only. */
    Optional<Path> spoolDir();

    /** How long a writer holds a session without renewing; a dead replica's lock frees itself after it. */
    @WithDefault("60s")
    Duration lockTimeout();

    /** How often expired sessions are swept and their storage (staged files, multipart uploads, chunks) removed. */
    @WithDefault("5m")
    Duration janitorInterval();

    /** The checked limit in bytes. */
    default long maxFileBytes() {
        long bytes = maxFileSize().asLongValue();
        if (bytes <= 0 || bytes > MAX_OBJECT_BYTES) {
            throw new IllegalStateException(
                    "smidgen.uploads.max-file-size must be between 1 byte and 5 TiB, not " + bytes);
        }
        return bytes;
    }
}
