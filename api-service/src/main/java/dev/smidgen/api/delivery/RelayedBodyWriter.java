package dev.smidgen.api.delivery;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.web.http.RequestContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.Pipe;
import jakarta.inject.Inject;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Sends a {@link RelayedObject} by piping the store's answer into the Vert.x response: buffers go
 * from one socket to the other on the event loop, the store is read only as fast as the client
 * takes the bytes, and no thread waits. If either side fails midway, both connections are dropped,
 * so the client sees a short response as an error instead of waiting for bytes that never come.
 */
@Provider
@Produces("*/*")
public class RelayedBodyWriter implements ServerMessageBodyWriter<RelayedObject> {
    private static final Logger LOG = Logger.getLogger(RelayedBodyWriter.class);

    @Inject
    BlobStore blobs;

    @Inject
    RequestContext ctx;

    @Override
    public boolean isWriteable(
            Class<?> type, Type genericType, ResteasyReactiveResourceInfo target, MediaType mediaType) {
        return RelayedObject.class.equals(type);
    }

    @Override
    public void writeResponse(RelayedObject body, Type genericType, ServerRequestContext context) {
        // The REST layer hands its own request context to server writers; under it is the Vert.x response.
        HttpServerResponse response =
                ((ResteasyReactiveRequestContext) context).serverRequest().unwrap(HttpServerResponse.class);
        // Vert.x wants the length before the first buffer; the REST layer writes its headers only
        // as the head goes out.
        response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()));
        String requestId = ctx.requestId(); // the failure is reported after the request's scope has ended
        // A stream's handlers are set on the event loop that feeds it; from another thread they
        // would race with its buffers. The response usually completes there already.
        if (Vertx.currentContext() == body.context()) {
            pipe(body, response, requestId);
        } else {
            body.context().runOnContext(v -> pipe(body, response, requestId));
        }
    }

    private static void pipe(RelayedObject body, HttpServerResponse response, String requestId) {
        try {
            Pipe<Buffer> pipe = body.source().pipe();
            pipe.endOnFailure(false);
            pipe.to(response).onFailure(failure -> abort(body, response, requestId, failure));
        } catch (IllegalStateException failedMeanwhile) {
            abort(body, response, requestId, failedMeanwhile);
        }
    }

    private static void abort(RelayedObject body, HttpServerResponse response, String requestId, Throwable failure) {
        LOG.debugf(failure, "%s: relaying %s stopped", requestId, body.storageKey());
        body.source().request().reset();
        response.reset();
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return RelayedObject.class.equals(type);
    }

    /**
     * The REST layer's generic path, taken only when a writer interceptor wraps the output: the
     * paused answer is dropped and the range read again through the store's stream.
     */
    @Override
    public void writeTo(
            RelayedObject body,
            Class<?> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders,
            OutputStream out)
            throws IOException {
        body.source().request().reset();
        try (InputStream in = blobs.open(body.storageKey(), body.first(), body.last())) {
            in.transferTo(out);
        }
    }
}
