package dev.smidgen.catalog.storage;

import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.s3.S3Client;

/** Ready only when the bucket answers. */
@Readiness
public class StorageHealthCheck implements HealthCheck {
    @Inject
    S3Client s3;
    @Inject
    StorageConfig config;

    @Override
    public HealthCheckResponse call() {
        try {
            s3.headBucket(b -> b.bucket(config.bucket()));
            return HealthCheckResponse.up("object-storage");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("object-storage").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
