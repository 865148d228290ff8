package dev.smidgen.web.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of file delivery. */
@ConfigMapping(prefix = "smidgen.delivery")
public interface DeliveryConfig {
    /** Base of every file URL: {@code {base-url}/{project}/{folder}/{filename}}. */
    @WithDefault("http://localhost:8080/cdn")
    String baseUrl();

    /** Cache-Control max-age for delivered objects, in seconds. */
    @WithDefault("3600")
    int maxAgeSeconds();

    /**
     * Connections to an S3 store that delivery keeps open, and so how many responses it streams
     * from the store at once; further requests wait for a free connection.
     */
    @WithDefault("64")
    int storeConnections();

    /**
     * Answer a GET of an object in an S3 store with a 307 to a presigned URL of it (on
     * {@code smidgen.s3.public-endpoint}), so that the bytes go from the bucket, or a CDN in front of
     * it, straight to the client instead of through this service. The check of a private file's
     * signature and {@code If-None-Match} stay here; playlists and tracks, whose relative URLs must
     * resolve against this service, are always sent from here. Off by default: clients must reach the
     * store. No effect on the filesystem store, whose files go out zero-copy.
     */
    @WithDefault("false")
    boolean redirectToStore();

    /** How far ahead {@code POST /signatures} accepts an {@code expiry}: a leaked URL stops working by then. */
    @WithDefault("7d")
    Duration maxSignatureLifetime();
}
