package dev.smidgen.catalog.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Object storage settings; the endpoint and credentials feed the quarkus.s3.* client config. */
@ConfigMapping(prefix = "smidgen.s3")
public interface StorageConfig {
    /** Bucket holding every project's objects under a {@code {project}/} prefix. */
    @WithDefault("smidgen")
    String bucket();

    /** Create the bucket at start-up when it does not exist (embedded and MinIO setups). */
    @WithDefault("true")
    boolean createBucket();
}
