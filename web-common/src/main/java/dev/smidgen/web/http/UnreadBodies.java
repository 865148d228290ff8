package dev.smidgen.web.http;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Reads and drops the rest of a body that was answered before it was read (an upload's 409 for a
 * session another request holds, a 404 or 413 decided from the headers), then closes the
 * connection: a lingering close, as nginx does it. The HTTP layer left such a request paused, so a
 * client still sending a large body blocked on its write forever (the chaos suite found six);
 * closing at once instead would cut off the many clients that read the answer only after sending
 * the whole body. The drain lasts at most {@link #LINGER_MILLIS}.
 *
 * <p>A request that has no body (no {@code Content-Length} above zero, no {@code Transfer-Encoding})
 * leaves its connection open for the next request: the HTTP layer may not have seen its end yet when
 * the answer goes out, and closing such connections cost every client of the API and of delivery a
 * new connection per request (a player's range requests among them).
 */
@ApplicationScoped
public class UnreadBodies {
    /** How long the rest of an answered body is read before the connection is closed anyway. */
    static final long LINGER_MILLIS = 30_000;

    @Inject
    Vertx vertx;

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::drainIfUnread);
    }

    private void drainIfUnread(RoutingContext rc) {
        rc.addEndHandler(answered -> {
            HttpServerRequest request = rc.request();
            // HTTP/2 ends one stream, not the connection, with a reset of its own.
            if (request.isEnded() || request.version() == HttpVersion.HTTP_2 || !hasBody(request)) {
                return;
            }
            long timer = vertx.setTimer(LINGER_MILLIS, t -> request.connection().close());
            request.handler(dropped -> {});
            request.exceptionHandler(failed -> vertx.cancelTimer(timer));
            request.endHandler(ended -> {
                vertx.cancelTimer(timer);
                request.connection().close();
            });
            request.resume();
        });
        rc.next();
    }

    /** Whether an HTTP/1.x request carries a body, by its framing headers. */
    static boolean hasBody(HttpServerRequest request) {
        if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.trim().equals("0");
    }
}
