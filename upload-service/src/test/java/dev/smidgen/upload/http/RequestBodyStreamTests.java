package dev.smidgen.upload.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A body read through a real Vert.x server: every byte arrives in order, a slow reader pauses the
 * connection instead of queueing the whole body, a client that leaves mid-body is an IOException, and
 * {@code Expect: 100-continue} is answered.
 */
class RequestBodyStreamTests {
    private static final int MIB = 1024 * 1024;
    private static Vertx vertx;
    private static HttpServer server;
    /** What the handler of the current test saw: the SHA-256 of the body or the failure. */
    private static volatile CompletableFuture<String> outcome;

    private static volatile boolean slowReader;
    private static final AtomicLong peakQueued = new AtomicLong();

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(RequestBodyStreamTests::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void reset() {
        outcome = new CompletableFuture<>();
        slowReader = false;
        peakQueued.set(0);
    }

    /** As the REST layer does: the request is paused on the event loop and read on a worker thread. */
    private static void handle(HttpServerRequest request) {
        request.pause();
        vertx.<String>executeBlocking(() -> {
                    try {
                        String sha = read(RequestBodyStream.of(request));
                        outcome.complete(sha);
                        return sha;
                    } catch (IOException | RuntimeException e) {
                        outcome.completeExceptionally(e);
                        throw e;
                    }
                })
                .onComplete(done -> {
                    if (done.succeeded()) {
                        request.response().end(done.result());
                    } else {
                        request.response().setStatusCode(500).end();
                    }
                });
    }

    private static String read(InputStream body) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[256 * 1024];
        int n;
        while ((n = body.read(buffer)) >= 0) {
            peakQueued.accumulateAndGet(body.available(), Math::max);
            sha.update(buffer, 0, n);
            if (slowReader) {
                sleep(2);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void everyByteArrivesInOrder() throws Exception {
        byte[] body = randomBytes(24 * MIB);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri())
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(hex(body), response.body());
    }

    @Test
    void aSlowReaderPausesTheConnectionInsteadOfQueueingTheBody() throws Exception {
        slowReader = true;
        byte[] body = randomBytes(32 * MIB);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri())
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(hex(body), response.body());
        // At most the high-water mark plus what one read of the socket delivers before the pause.
        assertTrue(
                peakQueued.get() <= RequestBodyStream.HIGH_WATER + MIB,
                "queued at most " + peakQueued.get() + " bytes");
        assertTrue(
                peakQueued.get() >= RequestBodyStream.LOW_WATER,
                "the slow reader let bytes pile up: " + peakQueued.get());
    }

    @Test
    void aClientThatLeavesMidBodyIsAnIOException() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT / HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + 10 * MIB + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(randomBytes(MIB));
            out.flush();
        }
        Throwable failure = outcome.handle((sha, e) -> e).get(20, TimeUnit.SECONDS);
        assertTrue(failure instanceof IOException, "the reader saw " + failure);
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
        byte[] body = randomBytes(MIB);
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT / HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: " + body.length
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String interim = new String(in.readNBytes("HTTP/1.1 100 Continue".length()), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 100 Continue", interim);
            out.write(body);
            out.flush();
            assertEquals(hex(body), outcome.get(20, TimeUnit.SECONDS));
        }
    }

    private static URI uri() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/");
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
