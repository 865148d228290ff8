package dev.smidgen.catalog.storage;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * S3 settings, used when {@code smidgen.storage.kind=s3}. The endpoint, region and credentials feed the {@code quarkus.s3.*}
 * client config (see {@code META-INF/microprofile-config.properties}); they are declared here so
 * that every storage setting is documented in one place.
 */
@ConfigMapping(prefix = "smidgen.s3")
public interface S3Config {
    /** S3 endpoint, e.g. {@code https://s3.eu-west-1.amazonaws.com} or a MinIO URL. */
    String endpoint();

    /**
     * The endpoint that clients outside the deployment reach the bucket at (a public S3 URL, or a
     * CDN in front of the bucket), named in the presigned URLs that delivery redirects to
     * ({@code smidgen.delivery.redirect-to-store}); defaults to {@link #endpoint()}.
     */
    Optional<String> publicEndpoint();

    @WithDefault("us-east-1")
    String region();

    String accessKey();

    String secretKey();

    /** Bucket holding every project's objects under a {@code {project}/} prefix. */
    @WithDefault("smidgen")
    String bucket();

    /** Create the bucket at start-up when it does not exist (embedded and MinIO setups). */
    @WithDefault("true")
    boolean createBucket();

    /**
     * Whether request bodies are covered by the signature. {@code auto}: not over https, where TLS
     * already protects them (what the AWS CLI does), but over plain http; {@code always}; {@code never}
     * (plain http on a network nobody else can write to, e.g. loopback).
     */
    @WithDefault("auto")
    PayloadSigning payloadSigning();

    /** Files up to this size are stored with one PutObject; bigger ones as a parallel multipart upload (at most 5G). */
    @WithDefault("64M")
    MemorySize multipartThreshold();

    /** Preferred part size of a multipart upload; files over 10,000 parts get bigger (equal) parts. */
    @WithDefault("16M")
    MemorySize partSize();

    /**
     * A file stored while it is still being written (a URL ingest whose source announced its length)
     * goes up as one streamed PutObject up to this size, instead of a multipart upload: one write on the
     * server instead of parts and their joining. Bigger files, and those of unknown length, go in parts.
     * 0 sends every such file in parts. At most 5G (S3's largest PutObject).
     */
    @WithDefault("5G")
    MemorySize streamedPutMax();

    /** Parts of one multipart upload sent side by side (each an open connection, no part is held in memory). */
    @WithDefault("4")
    int partsInFlight();

    enum PayloadSigning {
        AUTO,
        ALWAYS,
        NEVER
    }
}
