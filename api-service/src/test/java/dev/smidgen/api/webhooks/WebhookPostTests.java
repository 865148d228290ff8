package dev.smidgen.api.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.smidgen.model.net.AddressGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookPostTests {
    private static final String SECRET = "whsec_0123456789abcdefghijklmnopqrstuv";
    private static final String BODY =
            "{\"id\":\"evt_abcdefghijkl\",\"event\":\"task.completed\",\"data\":{\"title\":\"Grüße\"}}";

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final WebhookPost post =
            new WebhookPost(new WebhookTargets(new AddressGuard(true)), Duration.ofSeconds(2), Duration.ofMillis(500));

    record Received(String path, String method, Headers headers, String body) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestMethod(),
                    exchange.getRequestHeaders(),
                    body));
            switch (exchange.getRequestURI().getPath()) {
                case "/ok" -> exchange.sendResponseHeaders(204, -1);
                case "/broken" -> {
                    byte[] answer = "oops".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(500, answer.length);
                    exchange.getResponseBody().write(answer);
                }
                case "/moved" -> {
                    exchange.getResponseHeaders().add("Location", url("/ok"));
                    exchange.sendResponseHeaders(307, -1);
                }
                case "/slow" -> {
                    sleep(1500);
                    exchange.sendResponseHeaders(200, -1);
                }
                default -> exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsTheBodySignedWithItsHeaders() {
        long before = Instant.now().getEpochSecond();
        WebhookPost.Outcome outcome = post.send(claimed(url("/ok")));
        assertTrue(outcome.delivered());
        assertEquals(204, outcome.statusCode());
        assertNull(outcome.error());
        Received r = received.get(0);
        assertEquals("POST", r.method());
        assertEquals(BODY, r.body());
        assertEquals("application/json", r.headers().getFirst("Content-Type"));
        assertEquals("evt_abcdefghijkl", r.headers().getFirst("Smidgen-Event-Id"));
        assertEquals("whd_abcdefghijkl", r.headers().getFirst("Smidgen-Delivery-Id"));
        String signature = r.headers().getFirst("Smidgen-Signature");
        assertTrue(signature.matches("t=\\d+,v1=[0-9a-f]{64}"), signature);
        long t = Long.parseLong(signature.substring(2, signature.indexOf(',')));
        assertTrue(t >= before && t <= Instant.now().getEpochSecond());
        assertTrue(WebhookSignature.verify(
                SECRET, signature, r.body(), Instant.now().getEpochSecond(), 60));
    }

    @Test
    void aServerErrorIsAFailedAttempt() {
        WebhookPost.Outcome outcome = post.send(claimed(url("/broken")));
        assertFalse(outcome.delivered());
        assertEquals(500, outcome.statusCode());
        assertEquals("HTTP 500", outcome.error());
    }

    @Test
    void redirectsAreNeverFollowed() {
        WebhookPost.Outcome outcome = post.send(claimed(url("/moved")));
        assertFalse(outcome.delivered());
        assertEquals(307, outcome.statusCode());
        assertEquals(List.of("/moved"), received.stream().map(Received::path).toList());
    }

    @Test
    void aSlowReceiverTimesOut() {
        WebhookPost.Outcome outcome = post.send(claimed(url("/slow")));
        assertFalse(outcome.delivered());
        assertNull(outcome.statusCode());
        assertTrue(outcome.error().startsWith("timed out"), outcome.error());
    }

    @Test
    void aClosedPortIsAFailedAttempt() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        WebhookPost.Outcome outcome = post.send(claimed("http://127.0.0.1:" + port + "/ok"));
        assertNull(outcome.statusCode());
        assertTrue(outcome.error().startsWith("could not connect"), outcome.error());
    }

    @Test
    void aForbiddenAddressIsNeverContacted() {
        WebhookPost strict = new WebhookPost(
                new WebhookTargets(new AddressGuard(false)), Duration.ofSeconds(2), Duration.ofSeconds(2));
        WebhookPost.Outcome outcome = strict.send(claimed(url("/ok")));
        assertNull(outcome.statusCode());
        assertTrue(outcome.error().startsWith("source_forbidden_address: "), outcome.error());
        assertEquals(List.of(), received);
    }

    @Test
    void postsToTheAddressTheCheckSawNotToALaterAnswer() throws IOException {
        List<String> lookups = new CopyOnWriteArrayList<>();
        // Public for the check, loopback for any later lookup: a rebinding name. "localhost" is also
        // what the system resolver would answer with loopback, had the connection asked it.
        AddressGuard.Resolver rebinding = host -> {
            lookups.add(host);
            return List.of(InetAddress.getByName(lookups.size() == 1 ? "93.184.216.34" : "127.0.0.1"));
        };
        WebhookPost pinned = new WebhookPost(
                new WebhookTargets(new AddressGuard(false, Set.of(), rebinding)),
                Duration.ofMillis(300),
                Duration.ofMillis(500));

        WebhookPost.Outcome outcome =
                pinned.send(claimed("http://localhost:" + server.getAddress().getPort() + "/ok"));

        assertFalse(outcome.delivered());
        assertEquals(List.of(), received, "the POST went to the loopback address of a second lookup");
        assertEquals(List.of("localhost"), lookups);
    }

    private DispatchQueue.Claimed claimed(String url) {
        return new DispatchQueue.Claimed(
                "whd_abcdefghijkl",
                "evt_abcdefghijkl",
                "prj_abcdefghijkl",
                URI.create(url),
                BODY,
                1,
                Instant.now().plusSeconds(60),
                SECRET,
                null);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
