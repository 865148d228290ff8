package dev.smidgen.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.TestStack.Project;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Idempotency-Key} on POSTs: replays, conflicts, key rules, what is (not) stored, isolation. */
@Order(60)
class IdempotencyIT {
    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static TestStack env;

    @BeforeAll
    static void start() {
        env = TestStack.get();
    }

    @Test
    void aRetriedTaskIsReplayedNotCreatedTwice() {
        Project p = env.newProject("idem-tasks");
        String key = newKey();
        Map<String, Object> body = Map.of("kind", "ingest", "url", env.sources.url("/audio.mp3"));

        Response first = env.api(p).header(HEADER, key).body(body).post("/tasks");
        first.then().statusCode(201);
        assertNull(first.header(REPLAYED));
        Response replay = env.api(p).header(HEADER, key).body(body).post("/tasks");
        replay.then()
                .statusCode(201)
                .header(REPLAYED, "true")
                .body("data.id", equalTo(first.path("data.id")))
                .body("meta.id", equalTo(first.path("meta.id")));

        assertArrayEquals(first.asByteArray(), replay.asByteArray());
        assertEquals(first.contentType(), replay.contentType());
        assertEquals(1, env.count("SELECT count(*) FROM tasks WHERE project_id = ?", p.id()));
    }

    @Test
    void aRetriedSynchronousIngestStoresNothingTwice() {
        Project p = env.newProject("idem-files");
        String key = newKey();
        Map<String, Object> body =
                Map.of("url", env.sources.url("/audio.mp3"), "folder", "idem", "filename", "song.mp3");

        String fileId = env.api(p)
                .header(HEADER, key)
                .body(body)
                .post("/files")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        List<String> objects = env.objectKeys(p.id());
        env.api(p)
                .header(HEADER, key)
                .body(body)
                .post("/files")
                .then()
                .statusCode(201)
                .header(REPLAYED, "true")
                .body("data.id", equalTo(fileId));

        assertEquals(1, objects.size(), objects.toString());
        assertEquals(objects, env.objectKeys(p.id()));
        assertEquals(1, env.count("SELECT count(*) FROM files WHERE project_id = ?", p.id()));
        assertEquals(1, env.count("SELECT count(*) FROM media WHERE project_id = ?", p.id()));
        assertEquals(1, env.count("SELECT count(*) FROM tasks WHERE project_id = ?", p.id()));
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflict() {
        Project p = env.newProject("idem-body");
        String key = newKey();
        env.api(p)
                .header(HEADER, key)
                .body(Map.of("kind", "ingest", "url", env.sources.url("/audio.mp3")))
                .post("/tasks")
                .then()
                .statusCode(201);

        env.api(p)
                .header(HEADER, key)
                .body(Map.of("kind", "ingest", "url", env.sources.url("/image.png")))
                .post("/tasks")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("conflict"))
                .body("error.field", equalTo(HEADER))
                .body("error.message", containsString("different request body"));
        assertEquals(1, env.count("SELECT count(*) FROM tasks WHERE project_id = ?", p.id()));
    }

    @Test
    void theSameKeyOnAnotherPathIsAConflict() {
        Project p = env.newProject("idem-path");
        String key = newKey();
        Map<String, Object> body = Map.of("kind", "ingest", "url", env.sources.url("/audio.mp3"));
        env.api(p).header(HEADER, key).body(body).post("/tasks").then().statusCode(201);

        env.api(p)
                .header(HEADER, key)
                .body(body)
                .post("/files")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("conflict"))
                .body("error.message", containsString("POST /tasks"));
        // A POST /files that ran would have added a second (ingest) task.
        assertEquals(1, env.count("SELECT count(*) FROM tasks WHERE project_id = ?", p.id()));
    }

    @ParameterizedTest
    @ValueSource(ints = {15, 65})
    void keysOutsideSixteenToSixtyFourCharactersAreRefused(int length) {
        Project p = env.newProject("idem-length-" + length);
        env.api(p)
                .header(HEADER, "k".repeat(length))
                .body(Map.of("kind", "ingest", "url", env.sources.url("/audio.mp3")))
                .post("/tasks")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.field", equalTo(HEADER));
        assertEquals(0, env.count("SELECT count(*) FROM tasks WHERE project_id = ?", p.id()));
    }

    @Test
    void aRefusedRequestIsNotStoredSoTheFixedOneSucceedsWithTheSameKey() {
        Project p = env.newProject("idem-refused");
        String key = newKey();
        env.api(p)
                .header(HEADER, key)
                .body(Map.of("kind", "ingest"))
                .post("/tasks")
                .then()
                .statusCode(400)
                .body("error.field", equalTo("url"));

        Map<String, Object> fixed = Map.of("kind", "ingest", "url", env.sources.url("/audio.mp3"));
        Response created = env.api(p).header(HEADER, key).body(fixed).post("/tasks");
        created.then().statusCode(201);
        assertNull(created.header(REPLAYED));
        env.api(p)
                .header(HEADER, key)
                .body(fixed)
                .post("/tasks")
                .then()
                .statusCode(201)
                .header(REPLAYED, "true")
                .body("data.id", equalTo(created.path("data.id")));
    }

    @Test
    void keysAreScopedToTheirProject() {
        Project a = env.newProject("idem-a");
        Project b = env.newProject("idem-b");
        String key = newKey();
        Map<String, Object> body = Map.of("kind", "ingest", "url", env.sources.url("/audio.mp3"));

        Response ofA = env.api(a).header(HEADER, key).body(body).post("/tasks");
        Response ofB = env.api(b).header(HEADER, key).body(body).post("/tasks");
        ofA.then().statusCode(201);
        ofB.then().statusCode(201);
        assertNull(ofB.header(REPLAYED));
        assertNotEquals((String) ofA.path("data.id"), (String) ofB.path("data.id"));
        assertEquals(a.id(), ofA.path("meta.project_id"));
        assertEquals(b.id(), ofB.path("meta.project_id"));
    }

    @Test
    void withoutTheHeaderEveryPostCreates() {
        Project p = env.newProject("idem-none");
        Map<String, Object> body = Map.of("kind", "ingest", "url", env.sources.url("/audio.mp3"));
        Response first = env.api(p).body(body).post("/tasks");
        Response second = env.api(p).body(body).post("/tasks");
        first.then().statusCode(201);
        second.then().statusCode(201);
        assertNull(second.header(REPLAYED));
        assertNotEquals((String) first.path("data.id"), (String) second.path("data.id"));
        assertEquals(2, env.count("SELECT count(*) FROM tasks WHERE project_id = ?", p.id()));
        assertEquals(0, env.count("SELECT count(*) FROM idempotency_keys WHERE project_id = ?", p.id()));
    }

    @Test
    void aDuplicateOfARequestInFlightIsAConflictNotAWait() throws Exception {
        Project p = env.newProject("idem-in-flight");
        String key = newKey();
        Map<String, Object> body = Map.of("url", env.sources.url("/slow.mp4"));
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(
                () -> env.api(p).header(HEADER, key).body(body).post("/files"));
        awaitClaim(p);

        long started = System.nanoTime();
        env.api(p)
                .header(HEADER, key)
                .body(body)
                .post("/files")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("conflict"))
                .body("error.message", containsString("still being processed"));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMillis < 3000, "the duplicate waited " + tookMillis + " ms");

        Response done = first.get(60, TimeUnit.SECONDS);
        done.then().statusCode(201);
        env.api(p)
                .header(HEADER, key)
                .body(body)
                .post("/files")
                .then()
                .statusCode(201)
                .header(REPLAYED, "true")
                .body("data.id", equalTo(done.path("data.id")));
        assertEquals(1, env.count("SELECT count(*) FROM files WHERE project_id = ?", p.id()));
    }

    /** Waits until the first request of a project holds its key (the claim is committed before the ingest starts). */
    private static void awaitClaim(Project p) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (env.count("SELECT count(*) FROM idempotency_keys WHERE project_id = ? AND status IS NULL", p.id())
                == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the first request never claimed its key");
            }
            Tasks.sleep(50);
        }
    }

    private static String newKey() {
        return "it-" + UUID.randomUUID();
    }
}
