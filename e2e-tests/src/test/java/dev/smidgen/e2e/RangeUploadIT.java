package dev.smidgen.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.e2e.TestStack.Project;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * {@code PUT} with {@code Content-Range}: 202 until the last byte, then 201 + Media; a status
 * query, a resend after a cut, two replicas taking turns, and sizes refused before any byte.
 */
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
        env.stack.services().startInstance(ServiceFleet.UPLOAD, SECOND, Map.of());
        secondReplica = env.stack.services().baseUrl(SECOND);
    }

    @AfterAll
    static void stop() {
        env.stack.services().stop(SECOND);
    }

    @Test
    void rangesAcrossTwoReplicasMakeTheExactFile() {
        byte[] file = Uploads.read(env.sources.bigWav); // ~11 MiB: parts of 16 MiB, so every byte goes through the tail object
        String url = uploads.url(Map.of("resumable", true, "filename", "ranged.wav"));
        int step = 3 * MIB + 12345;
        int at = 0;
        int turn = 0;
        while (at + step < file.length) {
            String target = turn++ % 2 == 0 ? url : Uploads.onReplica(url, secondReplica);
            uploads.range(target, file, at, at + step - 1).statusCode(202).body("data.received", equalTo(at + step))
                    .header("Range", "bytes=0-" + (at + step - 1));
            at += step;
        }
        // The client lost its last answer: it asks where the upload stands, then resends overlapping bytes.
        given().header("Content-Range", "bytes */" + file.length).put(Uploads.onReplica(url, secondReplica)).then().statusCode(202)
                .body("data.received", equalTo(at));
        int resendFrom = at - 1000;
        String mediaId = uploads.range(url, file, resendFrom, file.length - 1).statusCode(201).body("data.kind", equalTo("audio"))
                .extract().path("data.id");
        uploads.assertStoredExactly(mediaId, file);
        assertEquals(0, env.objectKeys(project.id()).stream().filter(k -> k.endsWith(".tail")).count());
    }

    @Test
    void bytesPastTheStoredEndAreRefusedWithWhereToResume() {
        byte[] file = Uploads.read(env.sources.video);
        String url = uploads.url(Map.of("resumable", true));
        uploads.range(url, file, 0, 99_999).statusCode(202);
        uploads.range(url, file, 200_000, 299_999).statusCode(409).header("Range", "bytes=0-99999").header("Upload-Offset", "100000");
        uploads.range(url, file, 100_000, file.length - 1).statusCode(201);
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedBeforeAnyByte() {
        Map<String, Object> session = uploads.session(Map.of("resumable", true));
        given().header("Content-Range", "bytes 0-99/" + (2L * 1024 * MIB)).body(new byte[100]).put((String) session.get("url")).then()
                .statusCode(413).body("error.code", equalTo("file_too_large"));
        assertEquals(List.of(), env.objectKeys(project.id()).stream().filter(k -> k.contains((String) session.get("id"))).toList());
        assertEquals(List.of(), multipartUploads((String) session.get("id")));
    }

    @Test
    void aDeclaredSizeOverAFilesizeRuleIsRefusedBeforeAnyByte() {
        Map<String, Object> session = uploads.session(Map.of("resumable", true,
                "conditions", Map.of("operator", "&&", "rules", List.of(Map.of("key", "filesize", "operator", "<=", "value", 1000)))));
        given().header("Content-Range", "bytes 0-99/5000").body(new byte[100]).put((String) session.get("url")).then()
                .statusCode(422).body("error.code", equalTo("condition_failed"))
                .body("error.message", equalTo("The file does not meet the upload conditions: filesize <= 1000."));
        assertEquals(List.of(), env.objectKeys(project.id()).stream().filter(k -> k.contains((String) session.get("id"))).toList());
    }

    @Test
    void moreBytesThanDeclaredAreRefused() {
        String url = uploads.url(Map.of("resumable", true));
        given().header("Content-Range", "bytes 0-99/100").body(new byte[150]).put(url).then().statusCode(400)
                .body("error.field", equalTo("Content-Range"));
    }

    @Test
    void abandonedSessionsAreSweptWithTheirMultipartUploads() throws InterruptedException {
        byte[] file = Uploads.read(env.sources.bigWav);
        Map<String, Object> ranged = uploads.session(Map.of("resumable", true));
        Map<String, Object> chunked = uploads.session(Map.of("resumable", true));
        uploads.range((String) ranged.get("url"), file, 0, 6 * MIB).statusCode(202);
        uploads.chunk((String) chunked.get("url"), 0, new byte[300 * 1024]).statusCode(200);
        assertTrue(!multipartUploads((String) ranged.get("id")).isEmpty());
        env.query("UPDATE upload_sessions SET expires = now() - interval '1 second' WHERE id IN (?, ?) RETURNING id",
                ranged.get("id"), chunked.get("id"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (env.count("SELECT count(*) FROM upload_sessions WHERE id IN (?, ?) AND status = 'expired'", ranged.get("id"), chunked.get("id")) < 2) {
            assertTrue(System.nanoTime() < deadline, "the janitor did not sweep the expired sessions");
            Thread.sleep(200);
        }
        for (Map<String, Object> s : List.of(ranged, chunked)) {
            String id = (String) s.get("id");
            assertEquals(List.of(), env.objectKeys(project.id()).stream().filter(k -> k.contains(id)).toList());
            assertEquals(List.of(), multipartUploads(id));
            assertEquals(0, env.count("SELECT count(*) FROM upload_parts WHERE session_id = ?", id));
        }
    }

    private List<MultipartUpload> multipartUploads(String sessionId) {
        return env.s3.listMultipartUploads(b -> b.bucket(env.stack.infra().s3Bucket()).prefix(project.id() + "/.uploads/" + sessionId))
                .uploads();
    }
}
