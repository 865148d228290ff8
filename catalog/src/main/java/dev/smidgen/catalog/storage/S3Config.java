package dev.smidgen.catalog.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * S3 settings, used when {@code smidgen.storage.kind=s3}. The endpoint, region and credentials feed the {@code quarkus.s3.*}
 * client config (see {@code META-INF/microprofile-config.properties}); they are declared here so
 * that every storage setting is documented in one place.
 */
@ConfigMapping(prefix = "smidgen.s3")
public interface S3Config {
    /** S3 endpoint, e.g. {@code https://s3.eu-west-1.amazonaws.com} or a MinIO URL. */
    String endpoint();

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
}
