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
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A probe step run by the ingest worker: a pending probe task row (the API that creates one lands
 * with docs/api/jobs-steps.md's endpoint) is picked up, its URL fetched and probed, and the task
 * completes with the File object as output, keeping no file row and no object.
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
        Map<String, Object> task = run(url);

        assertEquals("completed", task.get("status"), () -> "ended " + task);
        JsonPath file = JsonPath.from((String) task.get("output"));
        assertEquals("file", file.getString("object"));
        assertNull(file.get("id"), "a probed file is not stored");
        assertEquals("video", file.getString("kind"));
        assertEquals(url, file.getString("url"));
        assertEquals("mp4", file.getString("format"));
        assertEquals("video/mp4", file.getString("mime_type"));
        assertEquals("h264", file.getString("codecs.video"));
        assertEquals(Files.size(env.sources.video), file.getLong("filesize"));
        assertEquals(0, env.count("SELECT count(*) FROM files WHERE project_id = ?", project.id()));
        assertEquals(List.of(), env.objectKeys(project.id()));
    }

    @Test
    void aProbeOfSomethingThatIsNotMediaFailsAsAnIngestWould() {
        Map<String, Object> task = run(env.sources.url("/notes.txt"));

        assertEquals("failed", task.get("status"));
        assertEquals("unsupported_media", task.get("error_code"));
        assertNull(task.get("output"));
    }

    /** Inserts a pending probe task (the worker's orphan sweep takes it after the pending grace) and awaits its end. */
    private static Map<String, Object> run(String url) {
        String taskId = "task_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        env.query("""
                INSERT INTO tasks (id, project_id, kind, status, input, options, created, updated, generation)
                VALUES (?, ?, 'probe', 'pending', jsonb_build_object('url', ?::text), '{}', now(), now(), 'jobs')
                RETURNING id
                """, taskId, project.id(), url);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> row = env.query(
                            "SELECT status, error_code, output::text AS output FROM tasks WHERE id = ?", taskId)
                    .get(0);
            if (!List.of("pending", "processing").contains(row.get("status"))) {
                return row;
            }
            Tasks.sleep(200);
        }
        fail("the probe task did not finish: " + taskId);
        return null;
    }
}
