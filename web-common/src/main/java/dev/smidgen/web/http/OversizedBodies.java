package dev.smidgen.web.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.web.config.ApiConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The 413 of a body that is too large, in the error envelope with code {@code request_too_large}.
 * Quarkus's own limit ({@code quarkus.http.limits.max-body-size}, a route at
 * {@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT}) answers a bare, empty 413 before any exception
 * mapper runs; this route runs just ahead of it. It also refuses JSON bodies over
 * {@link #MAX_JSON_BYTES} before they are read: the upload service allows huge bodies for its
 * media, and must not buffer a huge JSON completion request to find out it is too big. Its failure
 * handler gives a body that outgrows the limit while it streams (no Content-Length) the same answer.
 */
@ApplicationScoped
public class OversizedBodies {
    /** Every JSON body the services read is at most {@link JsonBody#MAX_BODY_CHARS}; this leaves room for escapes. */
    public static final long MAX_JSON_BYTES = 4L * JsonBody.MAX_BODY_CHARS;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    @Inject
    ApiConfig config;

    void register(@Observes Router router) {
        router.route()
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(this::refuseDeclaredOversize)
                .failureHandler(this::renderOversizeFailure);
    }

    /** The limit for a request with this Content-Type: JSON's own, else the HTTP layer's (none: unlimited). */
    long limitFor(String contentType) {
        long limit = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        return isJson(contentType) ? Math.min(limit, MAX_JSON_BYTES) : limit;
    }

    static boolean isJson(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json");
    }

    private void refuseDeclaredOversize(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                long declared = Long.parseLong(length.trim());
                long limit = limitFor(rc.request().getHeader(HttpHeaders.CONTENT_TYPE));
                if (declared > limit) {
                    // The body is not read: close the connection after the answer rather than drain it.
                    rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                    respond(rc, limit);
                    return;
                }
            } catch (NumberFormatException e) {
                // Not ours to judge: the HTTP layer answers a malformed Content-Length.
            }
        }
        rc.next();
    }

    private void renderOversizeFailure(RoutingContext rc) {
        if (rc.statusCode() != 413 || rc.response().ended() || rc.response().headWritten()) {
            rc.next();
            return;
        }
        respond(rc, limitFor(rc.request().getHeader(HttpHeaders.CONTENT_TYPE)));
    }

    private void respond(RoutingContext rc, long limit) {
        rc.response()
                .setStatusCode(ErrorCode.REQUEST_TOO_LARGE.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body(rc.request().method().name(), rc.normalizedPath(), limit));
    }

    /** The error envelope as {@link ApiResponses#error} writes it, for a request no resource has seen. */
    String body(String method, String path, long limit) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("id", Ids.newId(IdPrefix.REQUEST));
        meta.put("org_id", null);
        meta.put("project_id", null);
        meta.put("method", method);
        meta.put("host", config.baseUrl());
        meta.put("path", path);
        meta.put("version", null);
        meta.put("status", ErrorCode.REQUEST_TOO_LARGE.status());
        meta.put("type", null);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", ErrorCode.REQUEST_TOO_LARGE.code());
        error.put("message", "The request body is larger than " + describe(limit) + ".");
        error.put("field", null);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("meta", meta);
        envelope.put("data", null);
        envelope.put("error", error);
        envelope.put("links", Map.of());
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String describe(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }
}
