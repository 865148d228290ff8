package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.e2e.TestStack.Project;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** A synchronous ingest that outlasts {@code smidgen.api.sync-timeout} answers 202 with its task; no client hangs. */
@Order(40)
class SyncTimeoutIT {
    static TestStack env;
    static Project project;
    static final String IMPATIENT_API = "api-impatient";
    static String apiUrl;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("sync-timeout");
        apiUrl = env.stack
                .services()
                .startInstance(ServiceFleet.API, IMPATIENT_API, Map.of("SMIDGEN_API_SYNC_TIMEOUT", "1s"))
                .baseUrl();
    }

    @AfterAll
    static void stop() {
        env.stack.services().stop(IMPATIENT_API);
    }

    @Test
    void slowIngestAnswers202WithTheTaskAndReportsProgress() {
        String taskId = RestAssured.given()
                .baseUri(apiUrl)
                .header("Authorization", "Bearer " + project.key())
                .contentType(ContentType.JSON)
                .body(Map.of("url", env.sources.url("/slow.mp4")))
                .post("/files")
                .then()
                .statusCode(202)
                .body("data.object", equalTo("task"))
                .body("data.kind", equalTo("ingest"))
                .body("data.status", oneOf("pending", "processing"))
                .extract()
                .path("data.id");

        // While the slow download runs, the task reports how far it has come.
        double seen = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && seen == 0) {
            JsonPath task = env.api(project).get("/tasks/" + taskId).jsonPath();
            if ("processing".equals(task.getString("data.status"))) {
                seen = task.getDouble("data.progress");
            }
            Tasks.sleep(250);
        }
        assertTrue(seen > 0 && seen < 1, "progress while downloading was " + seen);
        assertEquals(
                "completed",
                Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(60))
                        .getString("status"));
    }
}
