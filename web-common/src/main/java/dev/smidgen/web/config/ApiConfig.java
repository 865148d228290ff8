package dev.smidgen.web.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the public API, read by both public services (api-service and upload-service). */
@ConfigMapping(prefix = "smidgen.api")
public interface ApiConfig {
    /**
     * Public base URL of the API, used in {@code links} (no trailing slash); the api-service's own
     * URL, so the upload-service's links point there too.
     */
    @WithDefault("http://localhost:8080")
    String baseUrl();

    /** How long {@code POST /files} and {@code POST /media} wait before answering 202 + task. */
    @WithDefault("120s")
    Duration syncTimeout();

    /** Bearer token of the api-service's {@code /admin} endpoints; without one they are switched off. */
    Optional<String> adminToken();
}
