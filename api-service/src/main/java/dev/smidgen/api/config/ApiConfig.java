package dev.smidgen.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the public API. */
@ConfigMapping(prefix = "smidgen.api")
public interface ApiConfig {
    /** Public base URL of this API, used in {@code links} (no trailing slash). */
    @WithDefault("http://localhost:8080")
    String baseUrl();

    /** How long {@code POST /files} and {@code POST /media} wait before answering 202 + task. */
    @WithDefault("120s")
    Duration syncTimeout();

    /** Bearer token of the {@code /admin} endpoints; without one they are switched off. */
    Optional<String> adminToken();
}
