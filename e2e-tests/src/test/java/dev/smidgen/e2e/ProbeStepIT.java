package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.e2e.TestStack.Project;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The probe step of the jobs generation (docs/api/jobs.md#the-probe-step): {@code POST /tasks} with
 * kind {@code probe} fetches and probes its URL on the ingest worker, and the task succeeds with the
 * File object as output, keeping no file row and no object.
 */
class ProbeStepIT {
    static TestStack env;
    static Project project;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("probe");
    }

    @Test
    void aProbeStepDescribesTheUrlAndKeepsNothing() throws Exception {
        String url = env.sources.url("/video.mp4");
        JsonPath task = run(url);

        assertEquals("succeeded", task.getString("status"), () -> "ended " + task.prettify());
        assertEquals("probe", task.getString("kind"));
        assertEquals(url, task.getString("input.url"));
        assertEquals("file", task.getString("output.object"));
        assertNull(task.get("output.id"), "a probed file is not stored");
        assertEquals("video", task.getString("output.kind"));
        assertEquals(url, task.getString("output.url"));
        assertEquals("mp4", task.getString("output.format"));
        assertEquals("video/mp4", task.getString("output.mime_type"));
        assertEquals("h264", task.getString("output.codecs.video"));
        assertEquals("aac", task.getString("output.codecs.audio"));
        assertEquals(Files.size(env.sources.video), task.getLong("output.filesize"));
        assertEquals(0, env.count("SELECT count(*) FROM files WHERE project_id = ?", project.id()));
        assertEquals(List.of(), env.objectKeys(project.id()));

        // The probe's file object is the input of an encode, as the reference's clients chain them.
        String encode = env.api(project)
                .body(Map.of("kind", "audio", "input", task.getMap("output"), "options", Map.of("format", "wav")))
                .post("/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals("succeeded", await(encode).getString("status"));
    }

    @Test
    void aProbeOfSomethingThatIsNotMediaFailsAsAnIngestWould() {
        JsonPath task = run(env.sources.url("/notes.txt"));

        assertEquals("failed", task.getString("status"));
        assertEquals("unsupported_media", task.getString("error.kind"));
        assertNull(task.get("output"));
    }

    private static JsonPath run(String url) {
        String taskId = env.api(project)
                .body(Map.of("kind", "probe", "input", Map.of("url", url)))
                .post("/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return await(taskId);
    }

    private static JsonPath await(String taskId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath task = env.api(project)
                    .get("/tasks/" + taskId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (List.of("succeeded", "failed", "cancelled").contains(task.getString("status"))) {
                return task;
            }
            Tasks.sleep(200);
        }
        fail("the task did not finish: " + taskId);
        return null;
    }
}
