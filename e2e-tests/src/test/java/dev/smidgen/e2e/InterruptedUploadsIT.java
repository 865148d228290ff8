package dev.smidgen.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.e2e.TestStack.Project;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Uploads whose service died at the worst moments, as the chaos suite found them: after the last
 * PATCH stored every byte but before its completion began (the session stayed open with every byte
 * in, and a tus client, seeing Upload-Offset = Upload-Length, never sends again), and while a
 * request whose connection was already gone still held the upload.
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
class InterruptedUploadsIT {
    static TestStack env;
    static Project project;
    static byte[] wav;

    @BeforeAll
    static void start() throws Exception {
        env = TestStack.get();
        project = env.newProject("interrupted-uploads");
        wav = Files.readAllBytes(env.sources.partsWav);
    }

    @Test
    void itsHeadCompletesAnUploadWhoseCompletionNeverBegan() {
        Upload upload = interrupted();
        Response head = tus().head(upload.path());
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(wav.length - 1), head.header("Upload-Offset"));
        String mediaId = head.header("Smidgen-Media-Id");
        assertNotNull(mediaId, "the HEAD completed the upload and names its media item");
        env.api(project).get("/media/" + mediaId).then().statusCode(200);
        assertEquals("completed", status(upload));
    }

    @Test
    void theJanitorCompletesOneWhoseClientNeverCameBack() {
        Upload upload = interrupted();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"completed".equals(status(upload)) && System.nanoTime() < deadline) {
            Tasks.sleep(250);
        }
        assertEquals("completed", status(upload));
        String mediaId = (String) env.query("SELECT media_id FROM upload_sessions WHERE id = ?", upload.id())
                .get(0)
                .get("media_id");
        env.api(project).get("/media/" + mediaId).then().statusCode(200);
    }

    @Test
    void aPatchWhoseClientVanishedDoesNotHoldTheUpload() throws Exception {
        Upload upload = created();
        URI base = URI.create(env.stack.uploadUrl());
        for (int i = 0; i < 5; i++) {
            // Headers and a few bytes, then a reset: the server may not even have started reading.
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("PATCH " + upload.path() + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                                + "Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
                                + "Content-Type: application/offset+octet-stream\r\n"
                                + "Content-Length: " + wav.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(wav, 0, 1000);
                out.flush();
                socket.setSoLinger(true, 0);
            }
        }
        // Each cut request lets go of the upload within seconds; then the whole file goes up.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Response patch = null;
        do {
            long offset = Long.parseLong(tus().head(upload.path()).header("Upload-Offset"));
            try {
                patch = tus().header("Upload-Offset", offset)
                        .contentType("application/offset+octet-stream")
                        .body(Arrays.copyOfRange(wav, (int) offset, wav.length))
                        .patch(upload.path());
                if (patch.statusCode() == 204) {
                    break;
                }
            } catch (RuntimeException e) {
                // A 409 while a cut request still holds the upload comes before the body is read, and
                // the connection closes under the rest of it: the client asks again, as tus clients do.
            }
            Tasks.sleep(250);
        } while (System.nanoTime() < deadline);
        assertNotNull(patch, () -> "every PATCH failed: " + heldBy(upload));
        Response last = patch;
        assertEquals(204, last.statusCode(), () -> "still held: " + heldBy(upload));
        assertNotNull(last.header("Smidgen-Media-Id"));
    }

    @Test
    void aClientAnsweredBeforeItsBodyIsReadFinishesSendingAndGetsTheAnswer() throws Exception {
        Upload upload = created();
        URI base = URI.create(env.stack.uploadUrl());
        long declared = 64L << 20;
        // A first PATCH holds the upload: its headers and a few bytes are in, the rest is slow to come.
        try (Socket holder = new Socket(base.getHost(), base.getPort());
                Socket second = new Socket(base.getHost(), base.getPort())) {
            holder.getOutputStream().write(patchHead(upload, 0, wav.length));
            holder.getOutputStream().write(wav, 0, 1000);
            holder.getOutputStream().flush();
            Tasks.sleep(1_000);
            // The second gets its 409 (the upload is held) before its body is read, while it goes on sending.
            OutputStream out = second.getOutputStream();
            out.write(patchHead(upload, 0, declared));
            byte[] chunk = new byte[1 << 20];
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    for (long sent = 0; sent < declared; sent += chunk.length) {
                        out.write(chunk);
                    }
                    out.flush();
                    byte[] status = second.getInputStream().readNBytes(12);
                    return new String(status, StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    return "cut: " + e.getMessage();
                }
            });
            try {
                assertEquals("HTTP/1.1 409", answer.get(60, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                fail("the client blocked on its write: the answered request's body was never read");
            }
        }
    }

    private static byte[] patchHead(Upload upload, long offset, long length) {
        URI base = URI.create(env.stack.uploadUrl());
        return ("PATCH " + upload.path() + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                        + "Tus-Resumable: 1.0.0\r\nUpload-Offset: " + offset + "\r\n"
                        + "Content-Type: application/offset+octet-stream\r\n"
                        + "Content-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private String heldBy(Upload upload) {
        return env.query(
                        "SELECT status, received, lock_owner, lock_expires FROM upload_sessions WHERE id = ?",
                        upload.id())
                .toString();
    }

    /** A tus upload of the WAV less its last byte, left as a crash between storing and completing leaves it. */
    private Upload interrupted() {
        Upload upload = created();
        tus().header("Upload-Offset", 0)
                .contentType("application/offset+octet-stream")
                .body(Arrays.copyOf(wav, wav.length - 1))
                .patch(upload.path())
                .then()
                .statusCode(204);
        // Every byte the session expects is in, and it is still open: what the crash leaves.
        env.query("UPDATE upload_sessions SET declared_length = received WHERE id = ? RETURNING id", upload.id());
        return upload;
    }

    private Upload created() {
        Map<String, Object> session = new Uploads(env, project).session(Map.of("resumable", true));
        URI url = URI.create((String) session.get("url"));
        String key = url.getQuery().replaceFirst("^.*\\bkey=([^&]+).*$", "$1");
        String location = tus().header("Upload-Length", wav.length)
                .post("/tus?key=" + key)
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        URI created = URI.create(location);
        return new Upload((String) session.get("id"), created.getRawPath() + "?" + created.getRawQuery());
    }

    private String status(Upload upload) {
        return (String) env.query("SELECT status FROM upload_sessions WHERE id = ?", upload.id())
                .get(0)
                .get("status");
    }

    private static RequestSpecification tus() {
        return given().baseUri(env.stack.uploadUrl()).header("Tus-Resumable", "1.0.0");
    }

    private record Upload(String id, String path) {}
}
