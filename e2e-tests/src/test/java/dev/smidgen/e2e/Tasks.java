package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.e2e.TestStack.Project;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Waiting for tasks through the public API, as a client would. */
final class Tasks {
    private Tasks() {}

    /** Polls {@code GET /tasks/{id}} until the task is completed or failed; returns its data. */
    static JsonPath awaitFinished(TestStack env, Project project, String taskId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath body = env.api(project)
                    .get("/tasks/" + taskId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (Set.of("completed", "failed").contains(body.getString("data.status"))) {
                return body.setRootPath("data");
            }
            sleep(200);
        }
        fail("Task " + taskId + " did not finish within " + timeout);
        return null;
    }

    /** As {@link #awaitFinished}, and asserts that the task completed (the failure's message if not). */
    static JsonPath awaitCompleted(TestStack env, Project project, String taskId, Duration timeout) {
        JsonPath task = awaitFinished(env, project, taskId, timeout);
        assertEquals("completed", task.getString("status"), () -> "ended with " + task.getString("error.message"));
        return task;
    }

    /** A signed URL of a package (an HLS ladder, a storyboard) of a private project, by its file id. */
    static String signPackage(TestStack env, Project project, String fileId, long expiry) {
        return env.api(project)
                .body(Map.of("file_id", fileId, "expiry", expiry))
                .post("/signatures")
                .then()
                .statusCode(201)
                .extract()
                .path("data.url");
    }

    /** Creates an ingest task for a URL and returns its id. */
    static String ingest(TestStack env, Project project, String url) {
        return env.api(project)
                .body(Map.of("kind", "ingest", "url", url))
                .post("/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
    }

    /** A media item ingested for a test and its original file. */
    record Media(String id, String fileId) {}

    /** Ingests a URL synchronously ({@code POST /media}) and returns the new media item. */
    static Media media(TestStack env, Project project, String url) {
        JsonPath media = env.api(project)
                .body(Map.of("url", url))
                .post("/media")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Media(media.getString("data.id"), media.getString("data.sources[0].id"));
    }

    /** Creates a conversion task ({@code POST /tasks}) and returns its id. */
    static String convert(TestStack env, Project project, Map<String, Object> body) {
        return env.api(project)
                .body(body)
                .post("/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
