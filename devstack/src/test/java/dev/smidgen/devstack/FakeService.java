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
 * Stands in for a Quarkus service in {@link ServiceFleetTests}: answers /q/health/ready on QUARKUS_MANAGEMENT_PORT
 * only (like a service with the management interface) and shows its environment on /env of QUARKUS_HTTP_PORT. FAKE_EXIT_CODE makes it exit at once; FAKE_DOWN_CHECK names a health check
 * that stays DOWN. Packed alone into a runnable jar, so
 * it must not use inner classes (lambdas are fine).
 */
public final class FakeService {

    private FakeService() {}

    public static void main(String[] args) throws IOException {
        String exitCode = System.getenv("FAKE_EXIT_CODE");
        if (exitCode != null) {
            System.out.println("fake service failing on purpose with " + exitCode);
            System.exit(Integer.parseInt(exitCode));
        }
        int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 16);
        int managementPort = Integer.parseInt(System.getenv("QUARKUS_MANAGEMENT_PORT"));
        HttpServer management = HttpServer.create(new InetSocketAddress("0.0.0.0", managementPort), 16);
        String downCheck = System.getenv("FAKE_DOWN_CHECK");
        if (downCheck == null) {
            management.createContext("/q/health/ready", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
        } else {
            // Like a Quarkus service whose health check fails: 503 with the check's data, and a log line per poll.
            String body = "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"db\",\"status\":\"UP\"},{\"name\":\""
                    + downCheck + "\",\"status\":\"DOWN\",\"data\":{\"error\":\"cannot load libfake.so\"}}]}";
            management.createContext("/q/health/ready", exchange -> {
                System.out.println("INFO  [io.sm.health] SRHCK01001: Reporting health down status: " + body);
                respond(exchange, 503, body);
            });
        }
        server.createContext("/env", exchange -> {
            StringBuilder text = new StringBuilder();
            for (Map.Entry<String, String> entry : new TreeMap<>(System.getenv()).entrySet()) {
                text.append(entry.getKey()).append('=').append(entry.getValue()).append('\n');
            }
            respond(exchange, 200, text.toString());
        });
        server.start();
        management.start();
        System.out.println("fake service listening on " + port);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
