package dev.smidgen.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.e2e.TestStack.Project;
import io.restassured.response.Response;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT} with {@code Content-Range}: 202 until the last byte, then 201 + Media; a status
 * query, a resend after a cut, two replicas taking turns, and sizes refused before any byte.
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
@Order(63)
class RangeUploadIT {
    private static final int MIB = 1024 * 1024;
    private static final String SECOND = "upload-service-3";
    static TestStack env;
    static Project project;
    static Uploads uploads;
    static String secondReplica;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("range-uploads");
        uploads = new Uploads(env, project);
        secondReplica = env.stack
                .services()
                .startInstance(ServiceFleet.UPLOAD, SECOND, Map.of())
                .baseUrl();
    }

    @AfterAll
    static void stop() {
        env.stack.services().stop(SECOND);
    }

    @Test
    void rangesAcrossTwoReplicasMakeTheExactFile() {
        byte[] file = Uploads.read(
                env.sources.bigWav); // ~11 MiB: parts of 16 MiB, so every byte goes through the tail object
        Map<String, Object> session = uploads.session(Map.of("resumable", true, "filename", "ranged.wav"));
        String url = (String) session.get("url");
        int step = 3 * MIB + 12345;
        int at = 0;
        int turn = 0;
        while (at + step < file.length) {
            String target = turn++ % 2 == 0 ? url : Uploads.onReplica(url, secondReplica);
            uploads.range(target, file, at, at + step - 1)
                    .statusCode(202)
                    .body("data.received", equalTo(at + step))
                    .header("Range", "bytes=0-" + (at + step - 1));
            at += step;
        }
        // The client lost its last answer: it asks where the upload stands, then resends overlapping bytes.
        given().header("Content-Range", "bytes */" + file.length)
                .put(Uploads.onReplica(url, secondReplica))
                .then()
                .statusCode(202)
                .body("data.received", equalTo(at));
        int resendFrom = at - 1000;
        String mediaId = uploads.range(url, file, resendFrom, file.length - 1)
                .statusCode(201)
                .body("data.kind", equalTo("audio"))
                .extract()
                .path("data.id");
        uploads.assertStoredExactly(mediaId, file);
        assertEquals(
                List.of(),
                env.objectKeys(project.id()).stream()
                        .filter(k -> k.contains((String) session.get("id") + "."))
                        .toList());
        assertNull(
                uploads.handedSha256((String) session.get("id")), "a file in several requests is hashed by the ingest");
    }

    @Test
    void aReplicaKilledMidRequestLosesNoStoredByteAndItsLockFreesItself() throws Exception {
        byte[] file = Uploads.read(env.sources.bigWav);
        String doomed = "upload-service-doomed";
        String doomedUrl = env.stack
                .services()
                .startInstance(ServiceFleet.UPLOAD, doomed, Map.of())
                .baseUrl();
        String url = uploads.url(Map.of("resumable", true));
        String onDoomed = Uploads.onReplica(url, doomedUrl);
        uploads.range(onDoomed, file, 0, 3 * MIB - 1).statusCode(202);
        // The next range trickles in; the replica dies (kill -9) while it holds the session's lock.
        CompletableFuture<Integer> cut = CompletableFuture.supplyAsync(() -> {
            try {
                return given().header("Content-Range", "bytes " + 3 * MIB + "-" + (file.length - 1) + "/" + file.length)
                        .body(new Trickle(Arrays.copyOfRange(file, 3 * MIB, file.length)))
                        .put(onDoomed)
                        .statusCode();
            } catch (Exception e) { // rest-assured rethrows the HTTP client's checked exceptions unchecked
                return -1; // the connection died with the replica
            }
        });
        Thread.sleep(1500);
        env.stack.services().kill(doomed);
        assertEquals(-1, cut.get(30, TimeUnit.SECONDS));
        // Another replica answers once the dead one's lock expired (SMIDGEN_UPLOADS_LOCK_TIMEOUT in the test stack).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Response status;
        do {
            status = given().header("Content-Range", "bytes */" + file.length).put(url);
            assertTrue(System.nanoTime() < deadline, "the dead replica's lock never expired");
        } while (status.statusCode() == 409);
        status.then().statusCode(202);
        int received = status.path("data.received");
        assertTrue(received >= 3 * MIB, "bytes stored before the crash were lost: " + received);
        String mediaId = uploads.range(url, file, received, file.length - 1)
                .statusCode(201)
                .extract()
                .path("data.id");
        uploads.assertStoredExactly(mediaId, file);
    }

    /** A body that arrives slowly, as from a phone on a bad network. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private int pos;

        Trickle(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int n = Math.min(Math.min(len, 64 * 1024), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    @Test
    void bytesPastTheStoredEndAreRefusedWithWhereToResume() {
        byte[] file = Uploads.read(env.sources.video);
        String url = uploads.url(Map.of("resumable", true));
        uploads.range(url, file, 0, 99_999).statusCode(202);
        uploads.range(url, file, 200_000, 299_999)
                .statusCode(409)
                .header("Range", "bytes=0-99999")
                .header("Upload-Offset", "100000");
        uploads.range(url, file, 100_000, file.length - 1).statusCode(201);
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedBeforeAnyByte() {
        Map<String, Object> session = uploads.session(Map.of("resumable", true));
        given().header("Content-Range", "bytes 0-99/" + (2L * 1024 * MIB))
                .body(new byte[100])
                .put((String) session.get("url"))
                .then()
                .statusCode(413)
                .body("error.code", equalTo("file_too_large"));
        assertEquals(
                List.of(),
                env.objectKeys(project.id()).stream()
                        .filter(k -> k.contains((String) session.get("id")))
                        .toList());
        assertEquals(
                List.of(),
                env.objects.staged().stream()
                        .filter(k -> k.contains((String) session.get("id")))
                        .toList());
    }

    @Test
    void aDeclaredSizeOverAFilesizeRuleIsRefusedBeforeAnyByte() {
        Map<String, Object> session = uploads.session(Map.of(
                "resumable",
                true,
                "conditions",
                Map.of(
                        "operator",
                        "&&",
                        "rules",
                        List.of(Map.of("key", "filesize", "operator", "<=", "value", 1000)))));
        given().header("Content-Range", "bytes 0-99/5000")
                .body(new byte[100])
                .put((String) session.get("url"))
                .then()
                .statusCode(422)
                .body("error.code", equalTo("condition_failed"))
                .body("error.message", equalTo("The file does not meet the upload conditions: filesize <= 1000."));
        assertEquals(
                List.of(),
                env.objectKeys(project.id()).stream()
                        .filter(k -> k.contains((String) session.get("id")))
                        .toList());
    }

    @Test
    void moreBytesThanDeclaredAreRefused() {
        String url = uploads.url(Map.of("resumable", true));
        given().header("Content-Range", "bytes 0-99/100")
                .body(new byte[150])
                .put(url)
                .then()
                .statusCode(400)
                .body("error.field", equalTo("Content-Range"));
    }

    @Test
    void abandonedSessionsAreSweptWithTheirStagedBytes() throws InterruptedException {
        byte[] file = Uploads.read(env.sources.bigWav);
        Map<String, Object> ranged = uploads.session(Map.of("resumable", true));
        Map<String, Object> chunked = uploads.session(Map.of("resumable", true));
        uploads.range((String) ranged.get("url"), file, 0, 6 * MIB).statusCode(202);
        uploads.chunk((String) chunked.get("url"), 0, new byte[300 * 1024]).statusCode(200);
        // Staged bytes: an open multipart upload on S3, the file being appended to on the filesystem.
        assertTrue(
                env.objects.staged().stream().anyMatch(k -> k.contains((String) ranged.get("id"))),
                () -> env.objects.staged().toString());
        env.query(
                "UPDATE upload_sessions SET expires = now() - interval '1 second' WHERE id IN (?, ?) RETURNING id",
                ranged.get("id"),
                chunked.get("id"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (env.count(
                        "SELECT count(*) FROM upload_sessions WHERE id IN (?, ?) AND status = 'expired'",
                        ranged.get("id"),
                        chunked.get("id"))
                < 2) {
            assertTrue(System.nanoTime() < deadline, "the janitor did not sweep the expired sessions");
            Thread.sleep(200);
        }
        for (Map<String, Object> s : List.of(ranged, chunked)) {
            String id = (String) s.get("id");
            assertEquals(
                    List.of(),
                    env.objectKeys(project.id()).stream()
                            .filter(k -> k.contains(id))
                            .toList());
            assertEquals(
                    List.of(),
                    env.objects.staged().stream().filter(k -> k.contains(id)).toList(),
                    "nothing staged is left");
            assertEquals(0, env.count("SELECT count(*) FROM upload_parts WHERE session_id = ?", id));
        }
    }
}
