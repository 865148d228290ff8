package dev.smidgen.web.http;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Closes the connection after an answer given before the request's body was read: an upload's 409
 * for a session another request holds, a 404 or 415 decided from the headers. HTTP/1.1 cannot take
 * another request on that connection before the rest of the body, and the paused request is neither
 * drained nor closed by the HTTP layer, even when the client asked for {@code Connection: close}: a
 * client still sending a large body blocked on its write forever (the chaos suite found six of them).
 * Closed, the client's write fails at once and it asks again, as after any dropped connection.
 */
@ApplicationScoped
public class UnreadBodies {

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::closeIfUnread);
    }

    private void closeIfUnread(RoutingContext rc) {
        rc.addEndHandler(answered -> {
            HttpServerRequest request = rc.request();
            // HTTP/2 ends one stream, not the connection, with a reset of its own.
            if (!request.isEnded() && request.version() != HttpVersion.HTTP_2) {
                request.connection().close();
            }
        });
        rc.next();
    }
}
