package dev.smidgen.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assertions;

/**
 * A webhook receiver on 127.0.0.1, as a client's server would be: it records every request and
 * answers each path with the statuses it was told to (200 once they run out). Signatures are
 * checked here with plain javax.crypto, independently of Smidgen's own code.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived. */
    record Request(String path, Map<String, List<String>> headers, String body, Instant received) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst()
                    .map(e -> e.getValue().get(0))
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(new Request(path, Map.copyOf(exchange.getRequestHeaders()), body, Instant.now()));
                Deque<Integer> statuses = scripted.get(path);
                Integer status;
                synchronized (this) {
                    status = statuses == null ? null : statuses.poll();
                }
                exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests to {@code path} are answered with these statuses, in order; then 200. */
    void answer(String path, Integer... statuses) {
        scripted.put(path, new ArrayDeque<>(List.of(statuses)));
    }

    List<Request> at(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits until {@code path} has received at least {@code count} requests; returns them all. */
    List<Request> await(String path, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Request> got = at(path);
            if (got.size() >= count) {
                return got;
            }
            Tasks.sleep(100);
        }
        return Assertions.fail(
                path + " received " + at(path).size() + " requests, not " + count + ", within " + timeout);
    }

    /** Whether the request's {@code Smidgen-Signature} is the HMAC-SHA256 of {@code t.body} with this secret, made recently. */
    static boolean signedWith(Request request, String secret) {
        String header = request.header("Smidgen-Signature");
        if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
            return false;
        }
        long t = Long.parseLong(header.substring(2, header.indexOf(',')));
        if (Math.abs(Instant.now().getEpochSecond() - t) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = HexFormat.of()
                    .formatHex(mac.doFinal((t + "." + request.body()).getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(
                    expected, header.substring(header.indexOf("v1=") + 3).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
