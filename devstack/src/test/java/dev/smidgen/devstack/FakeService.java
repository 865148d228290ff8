package dev.smidgen.devstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stands in for a Quarkus service in {@link ServiceFleetTest}: answers /q/health/ready on QUARKUS_HTTP_PORT and
 * shows its environment on /env. FAKE_EXIT_CODE makes it exit at once. Packed alone into a runnable jar, so
 * it must not use inner classes (lambdas are fine).
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        String exitCode = System.getenv("FAKE_EXIT_CODE");
        if (exitCode != null) {
            System.out.println("fake service failing on purpose with " + exitCode);
            System.exit(Integer.parseInt(exitCode));
        }
        int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 16);
        server.createContext("/q/health/ready", exchange -> respond(exchange, "{\"status\":\"UP\"}"));
        server.createContext("/env", exchange -> {
            StringBuilder text = new StringBuilder();
            for (Map.Entry<String, String> entry : new TreeMap<>(System.getenv()).entrySet()) {
                text.append(entry.getKey()).append('=').append(entry.getValue()).append('\n');
            }
            respond(exchange, text.toString());
        });
        server.start();
        System.out.println("fake service listening on " + port);
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
