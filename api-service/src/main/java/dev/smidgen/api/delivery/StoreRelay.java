package dev.smidgen.api.delivery;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.web.config.DeliveryConfig;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches what a delivery sends from a store that serves its objects over HTTP (S3): one GET of a
 * presigned URL on a pooled, kept-alive Vert.x connection, whose body {@link RelayedBodyWriter} then
 * pipes into the response buffer by buffer, with the client's backpressure. The SDK's blocking
 * {@code GetObject} cost more CPU per range request than the megabyte it carried (request signing
 * and a dozen pipeline stages), and its stream copied every byte through the heap on a worker
 * thread that stayed blocked until the client had read the last one.
 */
@ApplicationScoped
class StoreRelay {
    /** How long the store may take to answer with its status line. */
    private static final long ANSWER_SECONDS = 30;
    /** A connection that moves no byte for this long (a store that hangs mid-body) is closed. */
    private static final int IDLE_SECONDS = 120;

    @Inject
    Vertx vertx;

    @Inject
    BlobStore blobs;

    @Inject
    DeliveryConfig config;

    private ReadUrls urls;
    private HttpClient client;

    @PostConstruct
    void init() {
        urls = new ReadUrls(blobs::httpReadUrl, Clock.systemUTC());
    }

    /**
     * Asks the store for bytes {@code first}..{@code last} of an object ({@code whole}: all of it,
     * without a Range header); empty when the store has no HTTP URLs. The answer completes on the
     * event loop that carries it, paused, for the writer to pipe; it fails with {@code NOT_FOUND}
     * for a missing object and {@code UNAVAILABLE} for any other refusal. Nothing blocks: the
     * response is written from that event loop, without handing the request back to a worker.
     */
    Optional<CompletableFuture<RelayedObject>> open(String storageKey, long first, long last, boolean whole) {
        Optional<URI> url = urls.get(storageKey);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        CompletableFuture<RelayedObject> answer = new CompletableFuture<>();
        long timer = vertx.setTimer(
                TimeUnit.SECONDS.toMillis(ANSWER_SECONDS),
                id -> answer.completeExceptionally(
                        unavailable(storageKey, new TimeoutException("no answer in " + ANSWER_SECONDS + " s"))));
        answer.whenComplete((relayed, failure) -> vertx.cancelTimer(timer));
        request(url.get(), new Wanted(storageKey, first, last, whole), true, answer);
        return Optional.of(answer);
    }

    /** Which bytes of which object a delivery sends. */
    private record Wanted(String storageKey, long first, long last, boolean whole) {}

    /** Sends the GET; its answer completes {@code answer}, or is dropped if that is done already (timed out). */
    private void request(URI url, Wanted wanted, boolean mayResign, CompletableFuture<RelayedObject> answer) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString());
        if (!wanted.whole()) {
            request.putHeader("Range", "bytes=" + wanted.first() + "-" + wanted.last());
        }
        // The answer's listener is attached inside the callback, on the event loop that will deliver
        // the answer: attached from this worker thread, it could come after the answer and its first
        // buffers, which would then find no handler and be lost.
        client().request(request).onComplete(created -> {
            if (created.failed()) {
                answer.completeExceptionally(unavailable(wanted.storageKey(), created.cause()));
                return;
            }
            created.result().send().onComplete(sent -> answered(sent, wanted, mayResign, answer));
        });
    }

    private void answered(
            AsyncResult<HttpClientResponse> sent,
            Wanted wanted,
            boolean mayResign,
            CompletableFuture<RelayedObject> answer) {
        if (sent.failed()) {
            answer.completeExceptionally(unavailable(wanted.storageKey(), sent.cause()));
            return;
        }
        HttpClientResponse response = sent.result();
        // Paused before its first buffer arrives: the body waits for the response writer.
        response.pause();
        int status = response.statusCode();
        if (status == 403 && mayResign) {
            // A reused URL outlived the credentials that signed it (temporary ones): sign anew, once.
            response.request().reset();
            urls.forget(wanted.storageKey());
            request(urls.get(wanted.storageKey()).orElseThrow(), wanted, false, answer);
            return;
        }
        RelayedObject relayed =
                new RelayedObject(response, Vertx.currentContext(), wanted.storageKey(), wanted.first(), wanted.last());
        if ((status == 200 || status == 206)
                && String.valueOf(relayed.length()).equals(response.getHeader("Content-Length"))) {
            if (!answer.complete(relayed)) {
                response.request().reset(); // timed out meanwhile
            }
            return;
        }
        // Not a body to send: drop the connection rather than read an error document.
        response.request().reset();
        answer.completeExceptionally(
                status == 404
                        ? SmidgenException.notFound("Stored object")
                        // another length than the catalog's would break the response's framing
                        : unavailable(
                                wanted.storageKey(),
                                new IllegalStateException("the store answered " + status + " with "
                                        + response.getHeader("Content-Length") + " bytes for " + relayed.length())));
    }

    private static SmidgenException unavailable(String storageKey, Throwable cause) {
        return SmidgenException.transientFailure(
                ErrorCode.UNAVAILABLE,
                null,
                new IllegalStateException(
                        "Reading " + storageKey + " from the store failed: " + cause.getMessage(), cause));
    }

    /** Made on first use, so a service on the filesystem store never holds one. */
    private synchronized HttpClient client() {
        if (client == null) {
            client = vertx.createHttpClient(new HttpClientOptions()
                    .setKeepAlive(true)
                    .setMaxPoolSize(config.storeConnections())
                    .setIdleTimeout(IDLE_SECONDS)
                    .setDecompressionSupported(false));
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
