package dev.smidgen.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.devstack.testing.ExternalTool;
import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.media.testing.TestMedia;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * tus 1.0.0 on the upload service, driven by the unmodified npm tus-js-client under Node (pinned
 * in {@code src/test/node/tus}), including resuming through a proxy that cuts the connection
 * mid-body; protocol rules (checksum, offsets, versions, termination, expiry) with plain requests.
 * Without Node and npm the tus-js-client tests are skipped (failed under SMIDGEN_TEST_HARNESS=required);
 * the protocol tests still run.
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
@Order(70)
class TusClientIT {
    static final long CUT_AFTER = 3L * 1024 * 1024;
    static final Duration NODE_TIMEOUT = Duration.ofMinutes(3);
    private static final String NODE_INSTALL = "apt-get install nodejs npm (Debian), brew install node (macOS)";
    private static final ExternalTool NODE = ExternalTool.named("node").install(NODE_INSTALL);
    private static final ExternalTool NPM = ExternalTool.named("npm").install(NODE_INSTALL);
    static TestStack env;
    static Project project;
    static Path node;
    static Path client;
    static Path bigVideo;

    @BeforeAll
    static void start() throws Exception {
        env = TestStack.get();
        project = env.newProject("tus");
        bigVideo = largeVideo(Path.of("target/e2e-media").toAbsolutePath());
    }

    @Test
    void tusJsClientUploadsAVideoInChunksAndItBecomesMedia() {
        Session s = newSession();
        JsonPath result = node(
                s.endpoint(env.stack.uploadUrl()),
                env.sources.video,
                Map.of(
                        "TUS_CHUNK_SIZE",
                        String.valueOf(256 * 1024),
                        "TUS_FILETYPE",
                        "video/mp4",
                        "TUS_FILENAME",
                        "holiday.mp4"));
        assertUploaded(s, result, env.sources.video);
        assertEquals(env.stack.uploadUrl() + "/tus/" + s.id + "?key=" + s.key, result.getString("url"));
        assertMediaHolds(s, result.getString("mediaId"), env.sources.video);
        // A client that lost the final answer resumes with HEAD and sees the upload whole.
        tus().head("/tus/" + s.id + "?key=" + s.key)
                .then()
                .statusCode(200)
                .header("Upload-Offset", String.valueOf(size(env.sources.video)))
                .header("Upload-Length", String.valueOf(size(env.sources.video)))
                .header("Smidgen-Media-Id", result.getString("mediaId"));
    }

    @Test
    void aPatchCutMidBodyIsResumedFromTheStoredOffset() {
        Session s = newSession();
        String location = tus().header("Upload-Length", size(bigVideo))
                .header("Upload-Metadata", "filename " + b64("big.mp4"))
                .post("/tus?key=" + s.key)
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        try (CuttingProxy proxy =
                new CuttingProxy(URI.create(env.stack.uploadUrl()).getPort(), CUT_AFTER)) {
            URI upload = URI.create(location);
            String throughProxy = proxy.baseUrl() + upload.getRawPath() + "?" + upload.getRawQuery();
            JsonPath result = node(
                    s.endpoint(proxy.baseUrl()),
                    bigVideo,
                    Map.of("TUS_UPLOAD_URL", throughProxy, "TUS_FILETYPE", "video/mp4"));
            assertEquals(1, proxy.cuts(), "the proxy cut the PATCH once");
            assertUploaded(s, result, bigVideo);
            assertFalse(
                    result.getList("events").isEmpty(),
                    () -> "tus-js-client retried after the cut: " + result.prettify());
            assertTrue(proxy.connections() >= 2, "HEAD and PATCH again after the cut");
            assertMediaHolds(s, result.getString("mediaId"), bigVideo);
        }
    }

    @Test
    void aCreationWithUploadCutMidBodyIsRepeatedAndKeepsItsBytes() {
        Session s = newSession();
        try (CuttingProxy proxy =
                new CuttingProxy(URI.create(env.stack.uploadUrl()).getPort(), CUT_AFTER)) {
            JsonPath result = node(
                    s.endpoint(proxy.baseUrl()),
                    bigVideo,
                    Map.of("TUS_DATA_DURING_CREATION", "true", "TUS_FILETYPE", "video/mp4"));
            assertEquals(1, proxy.cuts(), "the proxy cut the creation once");
            assertUploaded(s, result, bigVideo);
            assertMediaHolds(s, result.getString("mediaId"), bigVideo);
        }
    }

    @Test
    void checksumsOffsetsAndVersionsAreEnforced() throws Exception {
        Session s = newSession();
        byte[] body = "0123456789".getBytes(StandardCharsets.US_ASCII);
        String url = tus().header("Upload-Length", body.length)
                .post("/tus?key=" + s.key)
                .then()
                .statusCode(201)
                .header("Tus-Resumable", "1.0.0")
                .header("Location", env.stack.uploadUrl() + "/tus/" + s.id + "?key=" + s.key)
                .header(
                        "Upload-Expires",
                        matchesPattern("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"))
                .extract()
                .header("Location");
        String path = URI.create(url).getRawPath() + "?" + URI.create(url).getRawQuery();

        patch(0).header("Upload-Checksum", "sha1 " + digest("SHA-1", "something else".getBytes()))
                .body(body)
                .patch(path)
                .then()
                .statusCode(460)
                .header("Tus-Resumable", "1.0.0")
                .body("error.code", equalTo("checksum_mismatch"));
        tus().head(path)
                .then()
                .statusCode(200)
                .header("Upload-Offset", "0")
                .header("Upload-Length", "10")
                .header("Cache-Control", "no-store");
        patch(0).header("Upload-Checksum", "crc32 AAAAAA==")
                .body(body)
                .patch(path)
                .then()
                .statusCode(400)
                .body("error.field", equalTo("Upload-Checksum"));

        byte[] first = java.util.Arrays.copyOf(body, 4);
        patch(0).header("Upload-Checksum", "sha256 " + digest("SHA-256", first))
                .body(first)
                .patch(path)
                .then()
                .statusCode(204)
                .header("Upload-Offset", "4")
                .header("Tus-Resumable", "1.0.0");
        patch(2).body(new byte[] {1}).patch(path).then().statusCode(409).header("Upload-Offset", "4");
        given().baseUri(env.stack.uploadUrl())
                .contentType("application/offset+octet-stream")
                .header("Upload-Offset", 4)
                .body(new byte[] {1})
                .patch(path)
                .then()
                .statusCode(412)
                .header("Tus-Version", "1.0.0")
                .header("Tus-Resumable", "1.0.0")
                .body("error.code", equalTo("unsupported_protocol_version"));
        tus().contentType("application/octet-stream")
                .header("Upload-Offset", 4)
                .body(new byte[] {1})
                .patch(path)
                .then()
                .statusCode(415);
        tus().head("/tus/upl_000000000000?key=" + s.key).then().statusCode(404);
        // A second creation for another length is refused; for the same length it answers with the same upload.
        tus().header("Upload-Length", 11).post("/tus?key=" + s.key).then().statusCode(409);
        tus().header("Upload-Length", 10)
                .post("/tus?key=" + s.key)
                .then()
                .statusCode(201)
                .header("Location", url);
    }

    /**
     * One writer at a time: a PATCH that arrives while another one streams into the upload is refused
     * (409) and stores nothing. Once the first ends, its offset is recorded and the upload is free: the
     * next PATCH continues from there at once.
     */
    @Test
    void aPatchWhileAnotherStreamsIsRefusedAndTheNextContinues() throws Exception {
        Session s = newSession();
        String path = "/tus/" + s.id + "?key=" + s.key;
        tus().header("Upload-Length", 100).post("/tus?key=" + s.key).then().statusCode(201);
        // The first PATCH sends its headers and 20 of its 40 bytes, and the rest only later.
        URI upload = URI.create(env.stack.uploadUrl());
        try (Socket first = new Socket(upload.getHost(), upload.getPort())) {
            first.setSoTimeout(60_000);
            OutputStream out = first.getOutputStream();
            out.write(("PATCH " + path + " HTTP/1.1\r\nHost: " + upload.getHost() + ":" + upload.getPort()
                            + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
                            + "Content-Type: application/offset+octet-stream\r\nContent-Length: 40\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[20]);
            out.flush();
            // Until the first PATCH holds the upload, a wrong checksum refuses a competitor (460, nothing stored).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status;
            do {
                status = patch(0).header("Upload-Checksum", "sha1 " + digest("SHA-1", "other".getBytes()))
                        .body(new byte[] {1})
                        .patch(path)
                        .then()
                        .extract()
                        .statusCode();
            } while (status == 460 && System.nanoTime() < deadline);
            assertEquals(409, status, "a PATCH while another one streams into the upload");

            out.write(new byte[20]);
            out.flush();
            String answer = responseHead(first.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 204"), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("upload-offset: 40\r\n"), answer);
        }
        patch(40).body(new byte[30]).patch(path).then().statusCode(204).header("Upload-Offset", "70");
        tus().head(path).then().statusCode(200).header("Upload-Offset", "70");
    }

    @Test
    void optionsTellsWhatTheServerSpeaks() {
        given().baseUri(env.stack.uploadUrl())
                .options("/tus")
                .then()
                .statusCode(204)
                .header("Tus-Resumable", "1.0.0")
                .header("Tus-Version", "1.0.0")
                .header("Tus-Extension", "creation,creation-with-upload,termination,expiration,checksum")
                .header("Tus-Max-Size", matchesPattern("[1-9][0-9]*"))
                .header("Tus-Checksum-Algorithm", "sha1,md5,sha256");
    }

    @Test
    void aTerminatedUploadIsGoneWithItsBytes() {
        Session s = newSession();
        String path = "/tus/" + s.id + "?key=" + s.key;
        tus().header("Upload-Length", 100).post("/tus?key=" + s.key).then().statusCode(201);
        patch(0).body(new byte[40]).patch(path).then().statusCode(204).header("Upload-Offset", "40");
        tus().delete(path).then().statusCode(204).header("Tus-Resumable", "1.0.0");
        tus().head(path).then().statusCode(404);
        patch(40).body(new byte[10]).patch(path).then().statusCode(404);
        env.api(project).get("/uploads/" + s.id).then().statusCode(200).body("data.status", equalTo("cancelled"));
        assertTrue(
                env.objectKeys(project.id()).stream().noneMatch(k -> k.contains(s.id)),
                "no bytes of the upload are left");
        assertEquals(
                List.of(),
                env.objects.staged().stream().filter(k -> k.contains(s.id)).toList(),
                "nor staged ones");
    }

    @Test
    void anExpiredUploadIsGone() {
        Session s = newSession(Map.of("resumable", true, "expires_in", 60));
        String path = "/tus/" + s.id + "?key=" + s.key;
        tus().header("Upload-Length", 100).post("/tus?key=" + s.key).then().statusCode(201);
        env.query("UPDATE upload_sessions SET expires = now() - interval '1 minute' WHERE id = ? RETURNING id", s.id);
        tus().head(path).then().statusCode(410).header("Tus-Resumable", "1.0.0");
        patch(0).body(new byte[10]).patch(path).then().statusCode(410).body("error.code", equalTo("upload_expired"));
        tus().header("Upload-Length", 100).post("/tus?key=" + s.key).then().statusCode(410);
    }

    /** An upload session and the tus endpoint of its key. */
    record Session(String id, String key) {
        String endpoint(String base) {
            return base + "/tus?key=" + key;
        }
    }

    private static Session newSession() {
        return newSession(Map.of("resumable", true));
    }

    private static Session newSession(Map<String, Object> body) {
        JsonPath created = env.api(project)
                .body(body)
                .post("/uploads")
                .then()
                .statusCode(200)
                .body("data.url", startsWith(env.stack.uploadUrl() + "/store/resumable?key="))
                .extract()
                .jsonPath();
        String url = created.getString("data.url");
        return new Session(created.getString("data.id"), url.substring(url.indexOf("?key=") + 5));
    }

    /** The status line and headers of an HTTP/1.1 response, read up to the blank line after them. */
    private static String responseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static RequestSpecification tus() {
        return given().baseUri(env.stack.uploadUrl()).header("Tus-Resumable", "1.0.0");
    }

    private static RequestSpecification patch(long offset) {
        return tus().contentType("application/offset+octet-stream").header("Upload-Offset", offset);
    }

    /**
     * tus-js-client reported success; when it did not, the failure says whether every byte had
     * been stored intact (so that only the ingest refused the file) or the upload itself broke.
     */
    private static void assertUploaded(Session s, JsonPath result, Path file) {
        if (result.getBoolean("ok")) {
            return;
        }
        String staged;
        try {
            staged = Sources.sha256(env.objects.read(project.id() + "/.uploads/" + s.id));
        } catch (RuntimeException e) {
            staged = "none (" + e.getMessage() + ")";
        }
        boolean intact = staged.equals(Sources.sha256(file));
        fail("tus-js-client failed "
                + (intact
                        ? "after every byte was stored intact (the ingest refused the file)"
                        : "and the stored object is " + staged)
                + ": " + result.prettify());
    }

    /** The upload became a Media whose original is byte for byte the file, and the session says so. */
    private static void assertMediaHolds(Session s, String mediaId, Path file) {
        assertNotNull(mediaId, "the final answer names the media (Smidgen-Media-Id)");
        env.api(project)
                .get("/media/" + mediaId)
                .then()
                .statusCode(200)
                .body("data.sources[0].checksum", equalTo("sha256:" + Sources.sha256(file)))
                .body("data.sources[0].filesize", equalTo((int) size(file)));
        env.api(project)
                .get("/uploads/" + s.id)
                .then()
                .statusCode(200)
                .body("data.status", equalTo("completed"))
                .body("data.protocol", equalTo("tus"))
                .body("data.media_id", equalTo(mediaId));
    }

    /** Runs upload.mjs and returns the JSON line it prints. */
    private static JsonPath node(String endpoint, Path file, Map<String, String> options) {
        try {
            Path clientDir = client();
            ProcessBuilder pb = new ProcessBuilder(
                            node.toString(), clientDir.resolve("upload.mjs").toString(), endpoint, file.toString())
                    .directory(clientDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().putAll(options);
            Process process = pb.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tus-js-client did not finish within " + NODE_TIMEOUT);
            }
            List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
            if (lines.isEmpty()) {
                throw new AssertionError("upload.mjs printed no result (exit " + process.exitValue() + "): " + out);
            }
            return JsonPath.from(lines.get(lines.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The pinned tus-js-client, installed on first use. Without Node and npm it skips the calling test
     * (fails it under SMIDGEN_TEST_HARNESS=required), so the tests that don't need them still run.
     */
    private static synchronized Path client() throws IOException {
        List<Path> tools = ExternalTool.require("the tus-js-client tests (TusClientIT)", NODE, NPM);
        if (client == null) {
            node = tools.get(0);
            client = installClient(tools.get(1));
        }
        return client;
    }

    /** Copies the pinned node project to target/ and installs exactly its lock file's packages there. */
    private static Path installClient(Path npm) throws IOException {
        Path root = Optional.ofNullable(System.getProperty("smidgen.repo.root"))
                .map(Path::of)
                .orElse(Path.of("..").toAbsolutePath().normalize());
        Path source = root.resolve("e2e-tests/src/test/node/tus");
        Path target = Path.of("target/tus-client").toAbsolutePath();
        Files.createDirectories(target);
        for (String name : List.of("package.json", "package-lock.json", "upload.mjs")) {
            Files.copy(source.resolve(name), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!commandWorks(target, npm.toString(), "ci", "--no-audit", "--no-fund", "--prefer-offline")) {
            throw new IllegalStateException("npm ci failed in " + target + " (its output is above)");
        }
        return target;
    }

    /** A 6 MiB video (constant 10 Mbit/s), under the workers' 8 MiB limit but cut 3 MiB in. */
    private static Path largeVideo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path out = TestMedia.constantBitrateVideo(dir, "tus-big", 5);
        long size = Files.size(out);
        assertTrue(
                size > CUT_AFTER + 1024 * 1024 && size < Sources.WORKER_MAX_FILE_SIZE,
                "test video is " + size + " bytes");
        return out;
    }

    private static boolean commandWorks(Path dir, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .directory(dir.toFile());
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(String algorithm, byte[] bytes) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
