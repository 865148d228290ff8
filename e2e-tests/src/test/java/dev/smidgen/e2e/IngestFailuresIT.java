package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.TestStack.Project;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way an ingest can go wrong ends with a stable code and leaves nothing behind: no File or
 * Media row, no stored object. This project only ever sees failing ingests, so its storage prefix
 * must stay empty throughout.
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
@Order(20)
class IngestFailuresIT {
    static TestStack env;
    static Project project;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("failures");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/missing.mp4,         source_unreachable",
        "/broken.mp4,          source_unreachable",
        "/page.html,           unsupported_media",
        "/empty.mp4,           unsupported_media",
        "/truncated.mp4,       unsupported_media",
        "/corrupt.mp4,         unsupported_media",
        "/undecodable.mp4,     unsupported_media",
        "/notes.txt,           unsupported_media",
        "/huge.mp4,            file_too_large",
        "/endless.mp4,         file_too_large",
        "/to-file,             source_forbidden_address",
        "/to-metadata,         source_forbidden_address",
    })
    void badSourceFailsTheTaskAndStoresNothing(String path, String code) {
        assertFailsCleanly(env.sources.url(path), code);
    }

    @Test
    void aSourceThatBreaksMidDownloadLeavesNothingStaged() {
        String taskId = Tasks.ingest(env, project, env.sources.url("/breaks.wav"));
        if (!(env.objects instanceof StoredObjects.InBucket)) {
            // While the source stalls, the worker holds the bytes so far in its staged file. (On S3 a
            // download of declared length streams into one PUT, which nothing lists while it is open:
            // there only the outcome below is checked.)
            long deadline = System.nanoTime() + Sources.BREAK_STALL.toNanos();
            while (stagedOf(taskId).isEmpty() && System.nanoTime() < deadline) {
                Tasks.sleep(100);
            }
            assertTrue(!stagedOf(taskId).isEmpty(), "nothing staged while the download was under way");
        }

        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(60));
        assertEquals("source_unreachable", task.getString("error.code"), () -> task.getString("error.message"));
        assertEquals(List.of(), env.objectKeys(project.id()));
        assertEquals(List.of(), stagedOf(taskId), "no staged file or multipart upload is left");
    }

    /** What the store holds staged for a task: its staged file, or (on S3) a multipart upload under the project. */
    private static List<String> stagedOf(String taskId) {
        return env.objects.staged().stream()
                .filter(s -> s.contains(taskId) || s.startsWith(project.id() + "/"))
                .toList();
    }

    @Test
    void connectionRefusedIsUnreachable() {
        assertFailsCleanly("http://127.0.0.1:1/video.mp4", "source_unreachable");
    }

    @Test
    void cloudMetadataIsRefusedEvenWhenPrivateAddressesAreAllowed() {
        assertFailsCleanly("http://169.254.169.254/latest/meta-data/", "source_forbidden_address");
    }

    @Test
    void transientFailuresAreRetriedABoundedNumberOfTimes() {
        String taskId = Tasks.ingest(env, project, env.sources.url("/broken.mp4"));
        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(60));
        assertEquals("source_unreachable", task.getString("error.code"));
        assertEquals(3, task.getInt("attempts"));
        JsonPath permanent = Tasks.awaitFinished(
                env, project, Tasks.ingest(env, project, env.sources.url("/missing.mp4")), Duration.ofSeconds(60));
        assertEquals(1, permanent.getInt("attempts"));
    }

    @Test
    void syncIngestAnswersWithTheTaskError() {
        env.api(project)
                .body(Map.of("url", env.sources.url("/page.html")))
                .post("/files")
                .then()
                .statusCode(422)
                .body("data", nullValue())
                .body("error.code", equalTo("unsupported_media"))
                .body("error.message", equalTo("The source URL returned a web page, not media."));
        assertTrue(env.objectKeys(project.id()).isEmpty());
        assertEquals(0, env.count("SELECT count(*) FROM files WHERE project_id = ?", project.id()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"kind\":\"ingest\",\"url\":\"file:///etc/passwd\"}                 | url",
                "{\"kind\":\"ingest\",\"url\":\"ftp://example.com/a.mp4\"}            | url",
                "{\"kind\":\"ingest\",\"url\":\"gopher://example.com/a.mp4\"}         | url",
                "{\"kind\":\"ingest\",\"url\":\"ht tp://bad url\"}                    | url",
                "{\"kind\":\"ingest\",\"url\":\"/relative/a.mp4\"}                    | url",
                "{\"kind\":\"ingest\",\"url\":42}                                     | url",
                "{\"kind\":\"ingest\"}                                                | url",
                "{\"kind\":\"ingest\",\"url\":\"http://example.com/a.mp4\",\"folder\":\"../up\"}      | folder",
                "{\"kind\":\"ingest\",\"url\":\"http://example.com/a.mp4\",\"folder\":\"a//b\"}       | folder",
                "{\"kind\":\"ingest\",\"url\":\"http://example.com/a.mp4\",\"filename\":\"a/b.mp4\"}  | filename",
                "{\"kind\":\"ingest\",\"url\":\"http://example.com/a.mp4\",\"filename\":\"a\\u0007.mp4\"} | filename",
                "{\"kind\":\"ingest\",\"url\":\"http://example.com/a.mp4\",\"metadata\":{\"a\":{\"b\":1}}} | metadata.a",
                "{\"kind\":\"ingest\",\"url\":\"http://example.com/a.mp4\",\"metadata\":[1]}          | metadata",
                "{\"kind\":\"ingest\",\"url\":\"http://example.com/a.mp4\",\"overwrite\":\"yes\"}     | overwrite",
                "{\"kind\":\"nonsense\",\"url\":\"http://example.com/a.mp4\"}          | kind",
                "{\"kind\":\"ingest\",\"url\":\"http://user:pw@example.com/a.mp4\"}    | url",
            })
    void badRequestsAreRefusedAndCreateNoTask(String body, String field) {
        long tasksBefore = env.count("SELECT count(*) FROM tasks WHERE project_id = ?", project.id());
        env.api(project)
                .body(body)
                .post("/tasks")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.field", equalTo(field));
        assertEquals(tasksBefore, env.count("SELECT count(*) FROM tasks WHERE project_id = ?", project.id()));
    }

    @Test
    void malformedJsonIsABadRequest() {
        env.api(project)
                .body("{\"kind\": \"ingest\", ")
                .post("/tasks")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"));
        env.api(project)
                .body("[1,2]")
                .post("/tasks")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"));
    }

    private void assertFailsCleanly(String url, String code) {
        String taskId = Tasks.ingest(env, project, url);
        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(60));
        assertEquals("failed", task.getString("status"));
        assertEquals(code, task.getString("error.code"), () -> "error was " + task.getString("error.message"));
        assertTrue(task.getString("error.message").length() > 10);
        assertNull(task.get("output"));
        Map<String, Object> ids = env.query("SELECT file_id, media_id FROM tasks WHERE id = ?", taskId)
                .get(0);
        assertEquals(0, env.count("SELECT count(*) FROM files WHERE id = ?", ids.get("file_id")));
        assertEquals(0, env.count("SELECT count(*) FROM media WHERE id = ?", ids.get("media_id")));
        assertEquals(List.of(), env.objectKeys(project.id()));
        assertEquals(List.of(), stagedOf(taskId), "no staged download is left");
    }
}
