package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.e2e.TestStack.Project;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Waiting for tasks through the public API, as a client would. */
final class Tasks {
    private Tasks() {
    }

    /** Polls {@code GET /tasks/{id}} until the task is completed or failed; returns its data. */
    static JsonPath awaitFinished(TestStack env, Project project, String taskId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath body = env.api(project).get("/tasks/" + taskId).then().statusCode(200).extract().jsonPath();
            if (Set.of("completed", "failed").contains(body.getString("data.status"))) {
                return body.setRootPath("data");
            }
            sleep(200);
        }
        fail("Task " + taskId + " did not finish within " + timeout);
        return null;
    }

    /** Creates an ingest task for a URL and returns its id. */
    static String ingest(TestStack env, Project project, String url) {
        return env.api(project).body(Map.of("kind", "ingest", "url", url))
                .post("/tasks").then().statusCode(201).extract().path("data.id");
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
