package dev.smidgen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.testing.TestMedia;
import dev.smidgen.media.transcode.TranscodeResult;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.media.transcode.Transcoder;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.OutputFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg reading a presigned store URL instead of a local copy: the same answers as from the file, the
 * store's failures told apart from the medium's, and the URL's credentials in no log line.
 */
@Tag("slow") // left out of the fast loop (CONTRIBUTING.md); verify runs it
class StoreUrlTests {
    /** Stands for a presigned URL's query string: a credential that must never be logged. */
    private static final String SIGNATURE = "X-Amz-Signature=f00dfeedcafe0123456789";

    private static final String QUERY =
            "?X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&" + SIGNATURE;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    @TempDir
    static Path media;

    static Path video;
    static Path corrupt;
    static ObjectServer server;
    static final AtomicInteger dropped = new AtomicInteger();
    static final List<String> warnings = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void serve() throws IOException {
        video = TestMedia.video(media);
        corrupt = TestMedia.corrupt(media);
        server = new ObjectServer();
        captureRunnerWarnings();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        // Every failure above was logged with its command and stderr; none may carry the credential.
        assertFalse(warnings.isEmpty(), "the failures were logged");
        for (String line : warnings) {
            assertFalse(
                    line.contains(SIGNATURE) || line.contains("AKIAEXAMPLE"),
                    "a log line leaks the URL's query: " + line);
        }
    }

    @Test
    void probingAStoreUrlFindsWhatProbingTheFileFinds() throws IOException {
        ProbeResult local = Ffprobe.probe(video, "task_url01");
        ProbeResult remote = Ffprobe.probe(url("ok", video), "task_url01");
        assertEquals(local, remote);
        assertEquals(Files.size(video), remote.filesize());
    }

    @Test
    void aConversionStreamsFromTheUrlIntoTheFileItIsGiven(@TempDir Path staging, @TempDir Path work) {
        Path output = staging.resolve("transcode-task_url02.mp4");
        TranscodeResult result = Transcoder.shared()
                .run(
                        url("ok", video),
                        output,
                        work,
                        new TranscodeSpec(OutputFormat.MP4, 160, 90, 0.5, null, true),
                        TestMedia.VIDEO_SECONDS,
                        TIMEOUT,
                        null,
                        "task_url02");
        assertEquals(output, result.output());
        ProbeResult probe = Ffprobe.probe(output, "task_url02");
        assertEquals(Kind.VIDEO, probe.kind());
        assertEquals(160, probe.width());
        assertEquals(List.of(), list(work), "FFmpeg wrote nothing besides the output");
    }

    @Test
    void aVisualSummaryTakesItsFrameFromTheUrl() {
        MediaInput input = url("ok", video);
        VisualSummary.Summary summary = VisualSummary.of(input, Ffprobe.probe(input, "task_url03"), "task_url03");
        assertTrue(summary.placeholder().startsWith(VisualSummary.WEBP_DATA_URI), summary.placeholder());
    }

    @Test
    void anObjectThatIsGoneIsNotFoundForGood() {
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> Ffprobe.probe(MediaInput.storeUrl(base() + "/ok/missing.mp4" + QUERY, 1000), "task_url04"));
        assertEquals(ErrorCode.NOT_FOUND, e.code(), e.getMessage());
        assertFalse(e.isTransient());
    }

    @Test
    void anExpiredUrlIsATransientStorageFailureNotABadMedium(@TempDir Path work) {
        SmidgenException probe =
                assertThrows(SmidgenException.class, () -> Ffprobe.probe(url("expired", video), "task_url05"));
        assertStorageFailure(probe);
        SmidgenException convert = assertThrows(
                SmidgenException.class,
                () -> Transcoder.shared()
                        .run(
                                url("expired", video),
                                work.resolve("out.webm"),
                                work,
                                new TranscodeSpec(OutputFormat.WEBM, 160, 90, 0.5, null, true),
                                TestMedia.VIDEO_SECONDS,
                                TIMEOUT,
                                null,
                                "task_url05"));
        assertStorageFailure(convert);
        assertEquals(List.of(), list(work));
    }

    @Test
    void aStoreThatGoesDownMidStreamIsATransientStorageFailure(@TempDir Path work) {
        dropped.set(0);
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> Transcoder.shared()
                        .run(
                                url("outage", video),
                                work.resolve("out.mp4"),
                                work,
                                new TranscodeSpec(OutputFormat.MP4, 160, 90, 0.5, null, true),
                                TestMedia.VIDEO_SECONDS,
                                TIMEOUT,
                                null,
                                "task_url06"));
        assertStorageFailure(e);
        assertTrue(dropped.get() > 1, "FFmpeg tried to pick the connection up again");
        assertEquals(List.of(), list(work), "no partial output is left");
    }

    @Test
    void aStoreThatCannotBeReachedIsATransientStorageFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        MediaInput input =
                MediaInput.storeUrl("http://127.0.0.1:" + closedPort + "/ok/video.mp4" + QUERY, Files.size(video));
        assertStorageFailure(assertThrows(SmidgenException.class, () -> Ffprobe.probe(input, "task_url07")));
    }

    @Test
    void aBadMediumBehindAUrlIsStillUnsupportedMedia() {
        SmidgenException e =
                assertThrows(SmidgenException.class, () -> Ffprobe.probe(url("ok", corrupt), "task_url08"));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, e.code(), e.getMessage());
        assertFalse(e.getMessage().contains(SIGNATURE), e.getMessage());
    }

    private static void assertStorageFailure(SmidgenException e) {
        assertEquals(ErrorCode.UNAVAILABLE, e.code(), e.getMessage());
        assertTrue(e.isTransient(), "another try with a fresh URL may succeed");
        FfmpegFailure failure = (FfmpegFailure) e;
        assertFalse(failure.commandLine().contains(SIGNATURE), failure.commandLine());
        assertFalse(failure.stderrTail().contains(SIGNATURE), failure.stderrTail());
        assertTrue(failure.commandLine().contains("?<redacted>"), failure.commandLine());
    }

    private static MediaInput url(String mode, Path file) {
        try {
            return MediaInput.storeUrl(base() + "/" + mode + "/" + file.getFileName() + QUERY, Files.size(file));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void captureRunnerWarnings() {
        Logger.getLogger(FfmpegRunner.class.getName()).addHandler(new Handler() {
            // getFormattedMessage is deprecated, but it is how JBoss renders its printf-style records.
            @SuppressWarnings("deprecation")
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    /**
     * Serves the files of {@link #media} as an S3 server serves objects (HTTP/1.1, ranges, one request per
     * connection), by the first path segment: {@code /ok/{name}} the file; {@code /expired/{name}} a 403, as
     * for a presigned URL past its expiry; {@code /outage/{name}} a first response that breaks off after
     * 32 KiB, then 503s, as a store going down mid-stream. A plain socket server: the JDK's HttpServer
     * would set up JDK logging behind the tests' LogManager.
     */
    static final class ObjectServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        ObjectServer() throws IOException {
            Thread acceptor = new Thread(this::accept, "object-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread handler = new Thread(() -> handle(connection), "object-server-request");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void handle(Socket connection) {
            try (connection) {
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
                String[] request = String.valueOf(in.readLine()).split(" ");
                Matcher from = null;
                for (String header; (header = in.readLine()) != null && !header.isEmpty(); ) {
                    if (header.regionMatches(true, 0, "Range:", 0, 6)) {
                        from = RANGE.matcher(header);
                    }
                }
                String path = request.length > 1 ? request[1].replaceAll("\\?.*", "") : "/";
                String[] segments = path.split("/");
                String mode = segments.length > 1 ? segments[1] : "";
                Path file = media.resolve(segments[segments.length - 1]);
                OutputStream out = connection.getOutputStream();
                if (mode.equals("expired")) {
                    status(out, 403);
                } else if (mode.equals("outage") && dropped.getAndIncrement() > 0) {
                    status(out, 503);
                } else if (!Files.isRegularFile(file)) {
                    status(out, 404);
                } else {
                    long start = from != null && from.find() ? Long.parseLong(from.group(1)) : 0;
                    send(
                            out,
                            Files.readAllBytes(file),
                            (int) start,
                            mode.equals("outage") ? 32 << 10 : Integer.MAX_VALUE);
                }
            } catch (IOException ignored) {
                // the client went away; that is the point of some tests
            }
        }

        private static void status(OutputStream out, int status) throws IOException {
            out.write(("HTTP/1.1 " + status + " Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }

        private static void send(OutputStream out, byte[] bytes, int start, int limit) throws IOException {
            String head = (start > 0
                            ? "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + start + "-" + (bytes.length - 1)
                                    + "/" + bytes.length + "\r\n"
                            : "HTTP/1.1 200 OK\r\n")
                    + "Accept-Ranges: bytes\r\nContent-Length: " + (bytes.length - start)
                    + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            // Short of the announced length when limited: the connection closes early, as a dropped one does.
            out.write(bytes, start, Math.min(bytes.length - start, limit));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
