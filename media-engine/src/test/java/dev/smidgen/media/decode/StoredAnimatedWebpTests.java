package dev.smidgen.media.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.testing.TestMedia;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.OutputFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An animated WebP read from a store URL (S3's presigned GET), as on a fleet: probed, copied, decoded. */
class StoredAnimatedWebpTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path media;

    static HttpServer server;
    static Path webp;
    static String base;

    @BeforeAll
    static void serve() throws IOException {
        webp = TestMedia.animatedWebp(media, false);
        byte[] bytes = Files.readAllBytes(webp);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/bucket/anim.webp", exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.createContext("/bucket/gone.webp", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/bucket/down.webp", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/bucket/";
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void aStoredAnimationProbesAndIsCopiedToTheWorkDirectoryToDecode(@TempDir Path work) throws IOException {
        MediaInput stored = MediaInput.storeUrl(base + "anim.webp?X-Amz-Signature=secret", Files.size(webp));
        ProbeResult probe = Ffprobe.probe(stored, "task_stored");
        assertTrue(probe.animated());
        assertEquals(TestMedia.ANIMATED_WEBP_FRAMES, probe.frames());

        TranscodeSpec spec = new TranscodeSpec(OutputFormat.GIF, 80, 60, 0.8, null, false);
        AnimatedWebpInput.Staged staged =
                AnimatedWebpInput.stage(stored, spec, work, TIMEOUT, 0, FfmpegRunner.shared(), "task_stored");
        assertEquals(MediaInput.file(work.resolve("animation.apng")), staged.input());
        assertEquals(Files.size(webp), Files.size(work.resolve("input.webp")));
    }

    @Test
    void aGoneObjectIsNotFoundAndAStoreOutageIsTransient(@TempDir Path work) {
        SmidgenException gone = assertThrows(
                SmidgenException.class,
                () -> AnimatedWebpInput.isAnimated(MediaInput.storeUrl(base + "gone.webp", 100)));
        assertEquals(ErrorCode.NOT_FOUND, gone.code());
        SmidgenException down = assertThrows(
                SmidgenException.class,
                () -> AnimatedWebpInput.isAnimated(MediaInput.storeUrl(base + "down.webp", 100)));
        assertEquals(ErrorCode.UNAVAILABLE, down.code());
        assertTrue(down.isTransient());
    }
}
