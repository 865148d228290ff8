package dev.smidgen.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A local HTTP server playing the part of the internet: good media, bad media, broken servers. */
final class SourceServer implements AutoCloseable {
    /** What a route does with a request. */
    @FunctionalInterface
    interface Route {
        void answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;

    SourceServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "source-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void route(String path, Route route) {
        server.createContext(path, exchange -> {
            try (exchange) {
                route.answer(exchange);
            } catch (IOException e) {
                // the client went away (e.g. a killed worker); nothing to do
            }
        });
    }

    void file(String path, Path file, String contentType) {
        route(path, ex -> {
            byte[] body = Files.readAllBytes(file);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        });
    }

    void status(String path, int status) {
        route(path, ex -> {
            byte[] body = ("status " + status).getBytes();
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
        });
    }

    void redirect(String path, String location) {
        route(path, ex -> {
            ex.getResponseHeaders().set("Location", location);
            ex.sendResponseHeaders(302, -1);
        });
    }

    /** Serves a file slowly, in ten slices over {@code total}, so a test can act mid-download. */
    void slow(String path, Path file, String contentType, Duration total) {
        route(path, ex -> {
            byte[] body = Files.readAllBytes(file);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            int slice = (body.length + 9) / 10;
            for (int off = 0; off < body.length; off += slice) {
                out.write(body, off, Math.min(slice, body.length - off));
                out.flush();
                sleep(total.toMillis() / 10);
            }
        });
    }

    /**
     * Announces all of a file but sends only its first {@code sent} bytes, then hangs up: a source that
     * breaks mid-download. The first request waits {@code firstStall} before hanging up, so a test can
     * look at what the worker holds meanwhile; later ones (retries) hang up at once.
     */
    void breaksMidway(String path, Path file, String contentType, int sent, Duration firstStall) {
        AtomicInteger requests = new AtomicInteger();
        route(path, ex -> {
            byte[] body = Files.readAllBytes(file);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, sent);
            out.flush();
            if (requests.incrementAndGet() == 1) {
                sleep(firstStall.toMillis());
            }
            // Closing the exchange short of the announced length drops the connection.
        });
    }

    /** Streams {@code size} bytes of zeros without announcing a length (chunked). */
    void endless(String path, long size) {
        route(path, ex -> {
            ex.getResponseHeaders().set("Content-Type", "video/mp4");
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            OutputStream out = ex.getResponseBody();
            for (long sent = 0; sent < size; sent += chunk.length) {
                out.write(chunk);
            }
        });
    }

    /** Announces a large Content-Length, then sends nothing and waits: only a fetcher that reads would notice. */
    void declaredHuge(String path, long length) {
        route(path, ex -> {
            ex.getResponseHeaders().set("Content-Type", "video/mp4");
            ex.sendResponseHeaders(200, length);
            ex.getResponseBody().flush();
            sleep(3000);
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
