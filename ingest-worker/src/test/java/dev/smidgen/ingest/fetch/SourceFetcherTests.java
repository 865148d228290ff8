package dev.smidgen.ingest.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.AddressGuard;
import dev.smidgen.model.net.SourceUrl;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class SourceFetcherTests {
    private static final byte[] MEDIA = randomBytes(300_000);
    /** Far more than socket buffers can absorb, so a server that finishes writing proves the client kept reading. */
    private static final long ENDLESS = 64L << 20;
    /** Short enough that a connection to an unroutable public address fails fast. */
    private static final FetchLimits QUICK_CONNECT =
            new FetchLimits(MEDIA.length, Duration.ofMillis(300), Duration.ofSeconds(2), 5);

    @TempDir
    Path dir;

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<ServerSocket> rawServers = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer server;
    private String base;
    private Path target;
    private final SourceFetcher devFetcher = new SourceFetcher(new AddressGuard(true));

    @BeforeEach
    void start() throws IOException {
        server = newServer();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        target = dir.resolve("download.bin");
        server.createContext("/media/clip.mp4", ex -> {
            ex.getResponseHeaders().set("Content-Type", "video/mp4");
            send(ex, 200, MEDIA);
        });
    }

    @AfterEach
    void stop() throws IOException {
        servers.forEach(s -> s.stop(0));
        for (ServerSocket s : rawServers) {
            s.close();
        }
        executor.shutdownNow();
    }

    // ---- success ----

    @Test
    void storesTheBodyWithItsSizeAndSha256() throws Exception {
        FetchResult result =
                devFetcher.fetch(SourceUrl.parse(base + "/media/clip.mp4"), target, FetchLimits.defaults());

        assertEquals(MEDIA.length, result.size());
        assertEquals(sha256(MEDIA), result.sha256());
        assertArrayEquals(MEDIA, Files.readAllBytes(target));
        assertEquals("video/mp4", result.contentType());
        assertEquals(URI.create(base + "/media/clip.mp4"), result.finalUrl());
        assertEquals("clip.mp4", result.suggestedFilename());
    }

    @Test
    void reportsProgressAgainstTheDeclaredLength() throws Exception {
        List<long[]> reports = new ArrayList<>();
        devFetcher.fetch(
                SourceUrl.parse(base + "/media/clip.mp4"),
                target,
                FetchLimits.defaults(),
                (received, expected) -> reports.add(new long[] {received, expected}));

        assertTrue(reports.size() > 1, "one report per buffer");
        long[] last = reports.get(reports.size() - 1);
        assertEquals(MEDIA.length, last[0]);
        assertEquals(MEDIA.length, last[1]);
        for (int i = 1; i < reports.size(); i++) {
            assertTrue(reports.get(i)[0] > reports.get(i - 1)[0], "progress only grows");
        }
    }

    @Test
    void aBodyOfManyBuffersIsHashedWholeAndInOrder() throws Exception {
        // Several times the ring of buffers between reading and hashing, in odd-sized writes.
        byte[] big = randomBytes(BodyCopier.BUFFERS * BodyCopier.BUFFER_SIZE * 3 + 12345);
        server.createContext("/big", ex -> {
            ex.sendResponseHeaders(200, big.length);
            try (OutputStream out = ex.getResponseBody()) {
                for (int off = 0; off < big.length; off += 77_777) {
                    out.write(big, off, Math.min(77_777, big.length - off));
                }
            }
        });
        FetchResult result = devFetcher.fetch(SourceUrl.parse(base + "/big"), target, FetchLimits.defaults());

        assertEquals(big.length, result.size());
        assertEquals(sha256(big), result.sha256());
        assertArrayEquals(big, Files.readAllBytes(target));
    }

    @Test
    void progressIsReportedOnceTheBytesAreInTheTarget() throws Exception {
        List<String> problems = new ArrayList<>();
        devFetcher.fetch(
                SourceUrl.parse(base + "/media/clip.mp4"), target, FetchLimits.defaults(), (received, expected) -> {
                    try {
                        byte[] onDisk = Files.readAllBytes(target);
                        if (onDisk.length < received
                                || !java.util.Arrays.equals(onDisk, 0, (int) received, MEDIA, 0, (int) received)) {
                            problems.add(received + " reported, " + onDisk.length + " on disk");
                        }
                    } catch (IOException e) {
                        problems.add(e.toString());
                    }
                });
        assertEquals(List.of(), problems);
    }

    @Test
    void aSlowSourceIsReportedAsItTricklesIn() throws Exception {
        CompletableFuture<Void> firstReport = new CompletableFuture<>();
        server.createContext("/slow", ex -> {
            ex.sendResponseHeaders(200, MEDIA.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(MEDIA, 0, 1000);
                out.flush();
                // The rest only once the first kilobyte was reported: a fetcher that waits to fill its buffer never
                // gets it.
                firstReport.get(10, TimeUnit.SECONDS);
                out.write(MEDIA, 1000, MEDIA.length - 1000);
            } catch (Exception e) {
                // the test fails on the fetcher's side
            }
        });
        List<Long> reports = new ArrayList<>();
        FetchResult result = devFetcher.fetch(
                SourceUrl.parse(base + "/slow"), target, FetchLimits.defaults(), (received, expected) -> {
                    reports.add(received);
                    firstReport.complete(null);
                });
        assertEquals(1000L, reports.get(0));
        assertEquals(sha256(MEDIA), result.sha256());
    }

    @Test
    void sendsItsUserAgentAndAcceptsAnything() throws Exception {
        server.createContext("/agent", ex -> {
            String seen = ex.getRequestHeaders().getFirst("User-Agent") + "|"
                    + ex.getRequestHeaders().getFirst("Accept");
            send(ex, 200, seen.getBytes(StandardCharsets.UTF_8));
        });
        devFetcher.fetch(SourceUrl.parse(base + "/agent"), target, FetchLimits.defaults());
        assertEquals("Smidgen-Ingest/1|*/*", Files.readString(target));
    }

    @Test
    void readsChunkedBodiesAndContentDispositionNames() throws Exception {
        server.createContext("/download", ex -> {
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"../holiday.mov\"");
            ex.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < MEDIA.length; i += 10_000) {
                    out.write(MEDIA, i, Math.min(10_000, MEDIA.length - i));
                }
            }
        });
        FetchResult result = devFetcher.fetch(SourceUrl.parse(base + "/download"), target, FetchLimits.defaults());

        assertEquals(MEDIA.length, result.size());
        assertEquals(sha256(MEDIA), result.sha256());
        assertNull(result.contentType());
        assertEquals("holiday.mov", result.suggestedFilename());
    }

    // ---- statuses and connection failures ----

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 410, 451})
    void clientErrorsArePermanent(int status) {
        server.createContext("/status", ex -> send(ex, status, "nope".getBytes(StandardCharsets.UTF_8)));
        SmidgenException e = fetchFails(devFetcher, base + "/status", FetchLimits.defaults());
        assertEquals(ErrorCode.SOURCE_UNREACHABLE, e.code());
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().startsWith("The source answered " + status), e.getMessage());
    }

    @Test
    void notFoundSaysSo() {
        SmidgenException e = fetchFails(devFetcher, base + "/missing", FetchLimits.defaults());
        assertEquals("The source answered 404 Not Found.", e.getMessage());
        assertFalse(e.isTransient());
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void timeoutsThrottlingAndServerErrorsAreTransient(int status) {
        server.createContext("/status", ex -> send(ex, status, "later".getBytes(StandardCharsets.UTF_8)));
        SmidgenException e = fetchFails(devFetcher, base + "/status", FetchLimits.defaults());
        assertEquals(ErrorCode.SOURCE_UNREACHABLE, e.code());
        assertTrue(e.isTransient());
    }

    @Test
    void connectionRefusedIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        SmidgenException e =
                fetchFails(devFetcher, "http://127.0.0.1:" + closedPort + "/a.mp4", FetchLimits.defaults());
        assertEquals(ErrorCode.SOURCE_UNREACHABLE, e.code());
        assertTrue(e.isTransient());
    }

    @Test
    void silentSourceTimesOutTransiently() throws IOException {
        int port = rawServer(socket -> sleepQuietly(10_000));
        FetchLimits impatient = new FetchLimits(1000, Duration.ofSeconds(2), Duration.ofMillis(300), 5);
        SmidgenException e = fetchFails(devFetcher, "http://127.0.0.1:" + port + "/a.mp4", impatient);
        assertEquals(ErrorCode.SOURCE_UNREACHABLE, e.code());
        assertTrue(e.isTransient());
        assertEquals("The source did not answer in time.", e.getMessage());
    }

    /**
     * A source that sends a byte at a time, each well inside the read timeout, never trips it: the
     * pace (here 1 s of grace, then 1 KiB/s at least) ends the download, permanently, and keeps nothing.
     */
    @Test
    void aTricklingSourceFailsOnItsAverageRate() {
        server.createContext("/trickle.mp4", ex -> {
            ex.sendResponseHeaders(200, 1 << 20);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 1 << 20; i++) {
                    out.write(0);
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (Exception e) {
                // the fetcher hung up
            }
        });
        FetchLimits paced = new FetchLimits(1 << 20, Duration.ofSeconds(2), Duration.ofSeconds(2), 5)
                .withPace(new FetchPace(Duration.ofMinutes(1), 1024, Duration.ofSeconds(1)));
        long started = System.nanoTime();
        SmidgenException e = fetchFails(devFetcher, base + "/trickle.mp4", paced);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(ErrorCode.SOURCE_TOO_SLOW, e.code());
        assertFalse(e.isTransient());
        assertTrue(millis < 5000, "failed after " + millis + " ms");
        assertFalse(Files.exists(target));
    }

    @Test
    void aSourceFastEnoughButPastTheDeadlineFails() {
        server.createContext("/long.mp4", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                while (true) {
                    out.write(new byte[8192]);
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                // the fetcher hung up
            }
        });
        FetchLimits paced = new FetchLimits(1L << 30, Duration.ofSeconds(2), Duration.ofSeconds(2), 5)
                .withPace(new FetchPace(Duration.ofMillis(1500), 1024, Duration.ofSeconds(1)));
        SmidgenException e = fetchFails(devFetcher, base + "/long.mp4", paced);
        assertEquals(ErrorCode.SOURCE_TOO_SLOW, e.code());
        assertTrue(e.getMessage().contains("at most 1500 ms"), e.getMessage());
    }

    // ---- redirects ----

    @Test
    void followsARedirectChainOfEveryKind() {
        redirect("/r1", 302, "/r2");
        redirect("/r2", 301, base + "/r3");
        redirect("/r3", 303, "r4");
        redirect("/r4", 307, "//127.0.0.1:" + server.getAddress().getPort() + "/r5");
        redirect("/r5", 308, "/media/clip.mp4");

        FetchResult result = devFetcher.fetch(SourceUrl.parse(base + "/r1"), target, FetchLimits.defaults());

        assertEquals(URI.create(base + "/media/clip.mp4"), result.finalUrl());
        assertEquals(sha256(MEDIA), result.sha256());
    }

    @Test
    void refusesARedirectToAFileUrl() {
        redirect("/to-file", 302, "file:///etc/passwd");
        SmidgenException e = fetchFails(devFetcher, base + "/to-file", FetchLimits.defaults());
        assertEquals(ErrorCode.SOURCE_FORBIDDEN_ADDRESS, e.code());
        assertTrue(e.getMessage().contains("file:"), e.getMessage());
    }

    @Test
    void refusesRedirectsToPrivateAddressesWhenPrivateIsNotAllowed() throws IOException {
        HttpServer other = newServer();
        AtomicInteger otherHits = new AtomicInteger();
        other.createContext("/", ex -> {
            otherHits.incrementAndGet();
            send(ex, 200, MEDIA);
        });
        int port = server.getAddress().getPort();
        // Only the first server is trusted: every other local or private address must be refused.
        SourceFetcher strict =
                new SourceFetcher(new AddressGuard(false, Set.of("127.0.0.1:" + port), AddressGuard.Resolver.system()));
        redirect("/to-other-port", 302, "http://127.0.0.1:" + other.getAddress().getPort() + "/media.mp4");
        redirect("/to-ten", 302, "http://10.0.0.1/media.mp4");
        redirect("/to-metadata", 302, "http://169.254.169.254/latest/meta-data/");
        redirect(
                "/to-mapped",
                302,
                "http://[::ffff:127.0.0.1]:" + other.getAddress().getPort() + "/");

        assertArrayEquals(MEDIA, readVia(strict, base + "/media/clip.mp4"));
        for (String path : List.of("/to-other-port", "/to-ten", "/to-metadata", "/to-mapped")) {
            SmidgenException e = fetchFails(strict, base + path, FetchLimits.defaults());
            assertEquals(ErrorCode.SOURCE_FORBIDDEN_ADDRESS, e.code(), path);
            assertFalse(e.isTransient());
        }
        assertEquals(0, otherHits.get());
    }

    @Test
    void refusesAPrivateFirstHopBeforeConnecting() {
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/counted", ex -> {
            hits.incrementAndGet();
            send(ex, 200, MEDIA);
        });
        SourceFetcher strict = new SourceFetcher(new AddressGuard(false));
        SmidgenException e = fetchFails(strict, base + "/counted", FetchLimits.defaults());
        assertEquals(ErrorCode.SOURCE_FORBIDDEN_ADDRESS, e.code());
        assertEquals(0, hits.get());
    }

    @Test
    void stopsAfterTooManyRedirects() {
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/loop", ex -> {
            hits.incrementAndGet();
            ex.getResponseHeaders().set("Location", "/loop");
            send(ex, 302, new byte[0]);
        });
        FetchLimits threeHops = new FetchLimits(1 << 20, Duration.ofSeconds(5), Duration.ofSeconds(5), 3);
        SmidgenException e = fetchFails(devFetcher, base + "/loop", threeHops);
        assertEquals(ErrorCode.SOURCE_UNREACHABLE, e.code());
        assertFalse(e.isTransient());
        assertEquals("The source redirected more than 3 times.", e.getMessage());
        assertEquals(4, hits.get());
    }

    @Test
    void refusesARedirectWithoutLocation() {
        server.createContext("/nowhere", ex -> send(ex, 302, new byte[0]));
        SmidgenException e = fetchFails(devFetcher, base + "/nowhere", FetchLimits.defaults());
        assertEquals(ErrorCode.SOURCE_UNREACHABLE, e.code());
    }

    // ---- size, type and integrity ----

    @Test
    void refusesADeclaredLengthOverTheLimitBeforeReadingTheBody() {
        // Headers only, body withheld: a fetcher that tried to read would time out instead.
        server.createContext("/big", ex -> {
            ex.getResponseHeaders().set("Content-Type", "video/mp4");
            ex.sendResponseHeaders(200, ENDLESS);
            ex.getResponseBody().flush();
            sleepQuietly(10_000);
            ex.close();
        });
        FetchLimits small = new FetchLimits(1000, Duration.ofSeconds(5), Duration.ofSeconds(3), 5);

        SmidgenException e = fetchFails(devFetcher, base + "/big", small);

        assertEquals(ErrorCode.FILE_TOO_LARGE, e.code());
        assertFalse(e.isTransient());
    }

    @Test
    void hangsUpOnAnOversizedFixedLengthBody() throws Exception {
        CompletableFuture<Long> written = new CompletableFuture<>();
        server.createContext("/big", ex -> streamUntilStopped(ex, ENDLESS, ENDLESS, written));
        FetchLimits small = new FetchLimits(1000, Duration.ofSeconds(5), Duration.ofSeconds(5), 5);

        assertEquals(
                ErrorCode.FILE_TOO_LARGE,
                fetchFails(devFetcher, base + "/big", small).code());
        assertTrue(written.get(10, TimeUnit.SECONDS) < ENDLESS, "the fetcher must hang up, not read on");
    }

    @Test
    void stopsAChunkedBodyAsSoonAsItPassesTheLimit() throws Exception {
        CompletableFuture<Long> written = new CompletableFuture<>();
        server.createContext("/endless", ex -> streamUntilStopped(ex, 0, ENDLESS, written));
        FetchLimits small = new FetchLimits(100_000, Duration.ofSeconds(5), Duration.ofSeconds(5), 5);

        SmidgenException e = fetchFails(devFetcher, base + "/endless", small);

        assertEquals(ErrorCode.FILE_TOO_LARGE, e.code());
        assertFalse(e.isTransient());
        assertTrue(written.get(10, TimeUnit.SECONDS) < ENDLESS, "the fetcher must hang up, not read on");
    }

    @Test
    void acceptsABodyOfExactlyTheLimit() {
        FetchLimits exact = new FetchLimits(MEDIA.length, Duration.ofSeconds(5), Duration.ofSeconds(5), 5);
        assertEquals(
                MEDIA.length,
                devFetcher
                        .fetch(SourceUrl.parse(base + "/media/clip.mp4"), target, exact)
                        .size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "text/html; charset=utf-8", "TEXT/HTML", "application/xhtml+xml"})
    void refusesWebPages(String contentType) {
        server.createContext("/page", ex -> {
            ex.getResponseHeaders().set("Content-Type", contentType);
            send(ex, 200, "<html><body>Sign in</body></html>".getBytes(StandardCharsets.UTF_8));
        });
        SmidgenException e = fetchFails(devFetcher, base + "/page", FetchLimits.defaults());
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, e.code());
        assertEquals("The source URL returned a web page, not media.", e.getMessage());
    }

    @Test
    void refusesAnEmptyBody() {
        server.createContext("/empty", ex -> send(ex, 200, new byte[0]));
        SmidgenException e = fetchFails(devFetcher, base + "/empty", FetchLimits.defaults());
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, e.code());
        assertEquals("The source is empty.", e.getMessage());
    }

    @Test
    void refusesAnEmptyChunkedBody() {
        server.createContext("/empty-chunked", ex -> {
            ex.sendResponseHeaders(200, 0);
            ex.close();
        });
        SmidgenException e = fetchFails(devFetcher, base + "/empty-chunked", FetchLimits.defaults());
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, e.code());
    }

    @Test
    void truncatedBodyIsTransient() throws IOException {
        int port = rawServer(socket -> {
            try (OutputStream out = socket.getOutputStream()) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 1000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[10]);
                out.flush();
            } catch (IOException ignored) {
                // the client may already be gone
            }
        });
        SmidgenException e = fetchFails(devFetcher, "http://127.0.0.1:" + port + "/a.mp4", FetchLimits.defaults());
        assertEquals(ErrorCode.SOURCE_UNREACHABLE, e.code());
        assertTrue(e.isTransient());
        assertEquals("The source closed the connection after 10 of 1000 bytes.", e.getMessage());
    }

    @Test
    void aStaleTargetFromAnEarlierAttemptDoesNotSurviveAFailure() throws IOException {
        Files.write(target, new byte[] {1, 2, 3});
        fetchFails(devFetcher, base + "/missing", FetchLimits.defaults()); // asserts the target is gone
    }

    // ---- DNS pinning ----

    /** Answers a public address to the first lookup and loopback to any later one: a rebinding name. */
    private static AddressGuard.Resolver rebinding(List<String> lookups) {
        return host -> {
            lookups.add(host);
            return List.of(InetAddress.getByName(lookups.size() == 1 ? "93.184.216.34" : "127.0.0.1"));
        };
    }

    @Test
    void connectsToTheAddressTheCheckSawNotToALaterAnswer() {
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/rebind.mp4", ex -> {
            hits.incrementAndGet();
            send(ex, 200, MEDIA);
        });
        List<String> lookups = new CopyOnWriteArrayList<>();
        SourceFetcher fetcher = new SourceFetcher(new AddressGuard(false, Set.of(), rebinding(lookups)));
        // "localhost" is also what the system resolver would answer with loopback, had it been asked.
        String url = "http://localhost:" + server.getAddress().getPort() + "/rebind.mp4";

        SmidgenException e = fetchFails(fetcher, url, QUICK_CONNECT);

        assertEquals(ErrorCode.SOURCE_UNREACHABLE, e.code());
        assertEquals(0, hits.get(), "the connection went to the loopback address of a second lookup");
        assertEquals(List.of("localhost"), lookups, "the name is resolved once, by the check");
    }

    @Test
    void aRedirectHopIsPinnedToo() {
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/rebind.mp4", ex -> {
            hits.incrementAndGet();
            send(ex, 200, MEDIA);
        });
        int port = server.getAddress().getPort();
        redirect("/hop", 302, "http://localhost:" + port + "/rebind.mp4");
        List<String> lookups = new CopyOnWriteArrayList<>();
        SourceFetcher fetcher =
                new SourceFetcher(new AddressGuard(false, Set.of("127.0.0.1:" + port), rebinding(lookups)));

        SmidgenException e = fetchFails(fetcher, base + "/hop", QUICK_CONNECT);

        assertEquals(ErrorCode.SOURCE_UNREACHABLE, e.code());
        assertEquals(0, hits.get(), "the redirect's connection went to the loopback address of a second lookup");
        assertEquals(List.of("localhost"), lookups);
    }

    @Test
    void connectsToTheCheckedAddressUnderTheUrlsHostName() throws Exception {
        CompletableFuture<String> host = new CompletableFuture<>();
        server.createContext("/named.mp4", ex -> {
            host.complete(ex.getRequestHeaders().getFirst("Host"));
            send(ex, 200, MEDIA);
        });
        AddressGuard.Resolver only = name -> List.of(InetAddress.getByName("127.0.0.1"));
        SourceFetcher fetcher = new SourceFetcher(new AddressGuard(true, Set.of(), only));
        String authority = "media.smidgen.test:" + server.getAddress().getPort();

        FetchResult result =
                fetcher.fetch(SourceUrl.parse("http://" + authority + "/named.mp4"), target, FetchLimits.defaults());

        assertEquals(sha256(MEDIA), result.sha256());
        assertEquals(authority, host.get(5, TimeUnit.SECONDS), "virtual hosts still see their name");
    }

    // ---- helpers ----

    /** Fetches expecting failure, and checks the one promise every failure keeps: no file left behind. */
    private SmidgenException fetchFails(SourceFetcher fetcher, String url, FetchLimits limits) {
        SmidgenException e =
                assertThrows(SmidgenException.class, () -> fetcher.fetch(SourceUrl.parse(url), target, limits));
        assertFalse(Files.exists(target), "a failed fetch must leave no target file");
        return e;
    }

    private byte[] readVia(SourceFetcher fetcher, String url) throws IOException {
        fetcher.fetch(SourceUrl.parse(url), target, FetchLimits.defaults());
        byte[] bytes = Files.readAllBytes(target);
        Files.delete(target);
        return bytes;
    }

    private HttpServer newServer() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(executor);
        s.start();
        servers.add(s);
        return s;
    }

    private void redirect(String path, int status, String location) {
        HttpHandler handler = ex -> {
            ex.getResponseHeaders().set("Location", location);
            send(ex, status, new byte[0]);
        };
        server.createContext(path, handler);
    }

    /** Accepts one connection on a plain socket and hands it to {@code behaviour}. */
    private int rawServer(Consumer<Socket> behaviour) throws IOException {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        rawServers.add(s);
        executor.submit(() -> {
            try (Socket socket = s.accept()) {
                socket.getInputStream().read(new byte[4096]); // the request; its content does not matter
                behaviour.accept(socket);
            } catch (IOException ignored) {
                // closed at the end of the test
            }
        });
        return s.getLocalPort();
    }

    /** Writes up to {@code total} bytes until the client hangs up; completes with the bytes written. */
    private static void streamUntilStopped(
            HttpExchange ex, long declaredLength, long total, CompletableFuture<Long> written) {
        long sent = 0;
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = ex.getResponseBody()) {
            ex.getResponseHeaders().set("Content-Type", "video/mp4");
            ex.sendResponseHeaders(200, declaredLength);
            while (sent < total) {
                out.write(chunk);
                sent += chunk.length;
            }
        } catch (IOException hungUp) {
            // expected: the fetcher closed the connection
        } finally {
            written.complete(sent);
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
