package dev.smidgen.devstack.traces;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A small OTLP/HTTP trace receiver for the embedded stack and the tests: the services export to
 * {@code http://127.0.0.1:<port>} ({@code POST /v1/traces}, protobuf), it keeps the most recent
 * spans in memory (bounded), and {@code GET /traces/<trace id>} prints a trace's summary, which is
 * what {@code ./smidgen trace <task id>} shows. Listens on loopback only. Not a Jaeger: for a real
 * deployment see docs/observability.md.
 */
public final class TraceCollector implements AutoCloseable {
    /** Spans kept; older ones are dropped first. */
    public static final int MAX_SPANS = 50_000;

    private static final int MAX_REQUEST_BYTES = 16 << 20;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<CollectedSpan> spans = new ArrayDeque<>();
    private final AtomicLong exports = new AtomicLong();

    private TraceCollector(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a collector on {@code port} of the loopback address (0: any free port). */
    public static TraceCollector start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
                Thread thread = new Thread(task, "trace-collector");
                thread.setDaemon(true);
                return thread;
            });
            TraceCollector collector = new TraceCollector(server, executor);
            server.createContext("/v1/traces", collector::receive);
            server.createContext("/traces/", collector::summary);
            server.setExecutor(executor);
            server.start();
            return collector;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the trace collector on port " + port, e);
        }
    }

    /** The base URL to give the services as {@code SMIDGEN_TRACING_OTLP_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Export requests received so far, empty ones included. */
    public long exports() {
        return exports.get();
    }

    /** The spans held of {@code traceId}, in arrival order. */
    public synchronized List<CollectedSpan> spans(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** Every span held, in arrival order. */
    public synchronized List<CollectedSpan> spans() {
        return List.copyOf(spans);
    }

    private synchronized void add(List<CollectedSpan> received) {
        for (CollectedSpan span : received) {
            if (spans.size() == MAX_SPANS) {
                spans.removeFirst();
            }
            spans.addLast(span);
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "text/plain", "POST only");
                return;
            }
            byte[] body;
            try {
                body = read(exchange);
                add(OtlpTraces.decode(body));
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, "text/plain", "unreadable OTLP request: " + e.getMessage());
                return;
            }
            exports.incrementAndGet();
            // An empty ExportTraceServiceResponse: full success.
            respond(exchange, 200, "application/x-protobuf", "");
        }
    }

    private void summary(HttpExchange exchange) throws IOException {
        try (exchange) {
            String traceId = exchange.getRequestURI().getPath().substring("/traces/".length());
            List<CollectedSpan> trace = spans(traceId);
            if (trace.isEmpty()) {
                respond(exchange, 404, "text/plain", "no spans of trace " + traceId + " (yet)\n");
                return;
            }
            respond(exchange, 200, "text/plain; charset=utf-8", TraceSummary.render(trace));
        }
    }

    private static byte[] read(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) > 0; ) {
            if (out.size() + n > MAX_REQUEST_BYTES) {
                throw new IllegalArgumentException("request over " + MAX_REQUEST_BYTES + " bytes");
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
