package dev.smidgen.catalog.storage;

import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the store answers: the bucket exists, or the directory is writable. */
@Readiness
public class StorageHealthCheck implements HealthCheck {
    @Inject
    BlobStore store;

    @Override
    public HealthCheckResponse call() {
        try {
            store.check();
            return HealthCheckResponse.up("storage");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("storage")
                    .down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
