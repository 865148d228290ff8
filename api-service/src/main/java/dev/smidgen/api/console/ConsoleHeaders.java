package dev.smidgen.api.console;

import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.web.config.ApiConfig;
import dev.smidgen.web.config.DeliveryConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Puts {@link ConsolePolicy}'s Content-Security-Policy on every console response, the static files
 * included (they never reach a JAX-RS filter). The other console headers (X-Frame-Options,
 * nosniff, Referrer-Policy) are plain settings in application.properties; this one depends on the
 * configured public URLs.
 */
@ApplicationScoped
public class ConsoleHeaders {
    @Inject
    ApiConfig api;

    @Inject
    UploadConfig uploads;

    @Inject
    DeliveryConfig delivery;

    void register(@Observes Router router) {
        String policy = ConsolePolicy.header(api.baseUrl(), uploads.baseUrl(), delivery.baseUrl());
        router.route(ConsoleResource.PATH + "*").order(Integer.MIN_VALUE + 10).handler(rc -> {
            rc.response().putHeader("Content-Security-Policy", policy);
            rc.next();
        });
    }
}
