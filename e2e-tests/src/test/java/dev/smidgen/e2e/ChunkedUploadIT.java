package dev.smidgen.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.e2e.TestStack.Project;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chunked protocol as ittybit shows it (docs/api/ittybit.md#uploads): PUT chunks with X-Upload-Index
 * (any order, re-sent at will, on any replica), GET the received parts, POST the part list to complete.
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
@Order(62)
class ChunkedUploadIT {
    private static final int KIB = 1024;
    private static final String SECOND = "upload-service-2";
    static TestStack env;
    static Project project;
    static Uploads uploads;
    static String secondReplica;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("chunked-uploads");
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
    void outOfOrderAndResentChunksOnTwoReplicasMakeTheExactFile() {
        byte[] file = Uploads.read(env.sources.video);
        Map<String, Object> session = uploads.session(Map.of("resumable", true, "filename", "chunked.mp4"));
        String url = (String) session.get("url");
        List<byte[]> chunks = split(file, 256 * KIB);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            order.add(i);
        }
        Collections.reverse(order);
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int i : order) {
            // Alternate replicas, as a round-robin balancer without sticky sessions would.
            String target = i % 2 == 0 ? url : Uploads.onReplica(url, secondReplica);
            Map<String, Object> part = uploads.chunk(target, i, chunks.get(i))
                    .statusCode(200)
                    .body("data.index", equalTo(i))
                    .body("data.etag", equalTo(Uploads.md5(chunks.get(i))))
                    .extract()
                    .path("data");
            parts.add(0, part);
        }
        // A re-sent chunk replaces the earlier one (here: garbage first, then the right bytes).
        uploads.chunk(url, 1, new byte[300 * KIB]).statusCode(200);
        uploads.chunk(Uploads.onReplica(url, secondReplica), 1, chunks.get(1)).statusCode(200);
        io.restassured.RestAssured.given()
                .get(url)
                .then()
                .statusCode(202)
                .body("data.parts.size()", equalTo(chunks.size()))
                .body("data.parts[1].etag", equalTo(Uploads.md5(chunks.get(1))));
        String mediaId = uploads.complete(Uploads.onReplica(url, secondReplica), parts)
                .statusCode(201)
                .body("data.kind", equalTo("video"))
                .extract()
                .path("data.id");
        uploads.assertStoredExactly(mediaId, file);
        assertEquals(
                0,
                env.objectKeys(project.id()).stream()
                        .filter(k -> k.contains(".chunks/"))
                        .count());
        assertEquals(
                List.of(),
                uploads.stagedFor((String) session.get("id")),
                "nothing of the chunks or their join is left staged");
        uploads.complete(url, parts).statusCode(409).body("error.code", equalTo("conflict"));
        uploads.chunk(url, 0, chunks.get(0)).statusCode(409);
        // Each replica counts the chunk bytes it took and reports the deployment's open sessions.
        String metrics = io.restassured.RestAssured.get(
                        env.stack.services().instance(SECOND).managementUrl() + "/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(metrics.contains("smidgen_upload_bytes_total{protocol=\"chunked\"}"), metrics);
        assertTrue(metrics.contains("smidgen_upload_sessions_open "), metrics);
    }

    @Test
    void fiveMebibyteChunksBecomePartsAsTheyAre() {
        byte[] file = Uploads.read(env.sources.bigWav);
        String url = uploads.url(Map.of("resumable", true));
        List<byte[]> chunks = split(file, 5 * KIB * KIB);
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            parts.add(uploads.chunk(url, i, chunks.get(i))
                    .statusCode(200)
                    .extract()
                    .path("data"));
        }
        String mediaId = uploads.complete(url, parts)
                .statusCode(201)
                .body("data.kind", equalTo("audio"))
                .extract()
                .path("data.id");
        uploads.assertStoredExactly(mediaId, file);
    }

    @Test
    void aWrongEtagOrAMissingPartIsNamedAndTheUploadStaysOpen() {
        byte[] file = Uploads.read(env.sources.video);
        String url = uploads.url(Map.of("resumable", true));
        List<byte[]> chunks = split(file, 256 * KIB);
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            if (i != 2) {
                parts.add(uploads.chunk(url, i, chunks.get(i))
                        .statusCode(200)
                        .extract()
                        .path("data"));
            }
        }
        List<Map<String, Object>> wrong = new ArrayList<>(parts);
        Map<String, Object> bad = new LinkedHashMap<>(wrong.get(0));
        bad.put("etag", "0123456789abcdef0123456789abcdef");
        wrong.set(0, bad);
        uploads.complete(url, wrong)
                .statusCode(400)
                .body("error.field", equalTo("parts"))
                .body("error.message", containsString("part 0 has etag 0123456789abcdef0123456789abcdef"))
                .body("error.message", containsString("part 2 is missing from the list"));
        // The client sends the missing chunk and completes: the session was not spent by the failed attempt.
        parts.add(
                2,
                uploads.chunk(url, 2, chunks.get(2)).statusCode(200).extract().path("data"));
        String mediaId = uploads.complete(url, parts).statusCode(201).extract().path("data.id");
        uploads.assertStoredExactly(mediaId, file);
    }

    @Test
    void badChunksAreRefused() {
        String url = uploads.url(Map.of("resumable", true));
        io.restassured.RestAssured.given()
                .header("X-Upload-Index", "first")
                .body(new byte[10])
                .put(url)
                .then()
                .statusCode(400)
                .body("error.field", equalTo("X-Upload-Index"));
        uploads.chunk(url, -1, new byte[10]).statusCode(400);
        uploads.chunk(url, 10_000, new byte[10]).statusCode(400);
        uploads.chunk(url, 0, new byte[0]).statusCode(400);
        io.restassured.RestAssured.given().body(new byte[10]).put(url).then().statusCode(400);
        uploads.complete(url, List.of()).statusCode(400);
        io.restassured.RestAssured.given()
                .contentType("application/json")
                .body("{\"parts\": [{\"index\": \"x\"}]}")
                .post(url)
                .then()
                .statusCode(400)
                .body("error.field", equalTo("parts[0]"));
        // A simple session's URL takes no chunks.
        uploads.chunk(uploads.url(Map.of()), 0, new byte[10])
                .statusCode(405)
                .body("error.code", equalTo("method_not_allowed"));
    }

    @Test
    void aNonMediaFileSentInChunksIsRefusedAndNothingRemains() {
        byte[] text = "not media at all\n".repeat(40_000).getBytes();
        Map<String, Object> session = uploads.session(Map.of("resumable", true));
        String url = (String) session.get("url");
        List<byte[]> chunks = split(text, 256 * KIB);
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            parts.add(uploads.chunk(url, i, chunks.get(i))
                    .statusCode(200)
                    .extract()
                    .path("data"));
        }
        uploads.complete(url, parts).statusCode(422).body("error.code", equalTo("unsupported_media"));
        assertEquals(
                List.of(),
                env.objectKeys(project.id()).stream()
                        .filter(k -> k.contains((String) session.get("id")))
                        .toList());
    }

    static List<byte[]> split(byte[] file, int size) {
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < file.length; at += size) {
            chunks.add(Arrays.copyOfRange(file, at, Math.min(file.length, at + size)));
        }
        return chunks;
    }
}
