package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.devstack.ServiceInstance;
import dev.smidgen.e2e.TestStack.Project;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Workers are safe to kill: with two ingest workers running, the one holding a task is killed
 * with SIGKILL in the middle of the download, and the task still completes exactly once — one
 * File, one Media, one stored object — on the other worker after the lease runs out.
 */
@Order(90)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerCrashIT {
    static TestStack env;
    static Project project;
    static final String SECOND = "ingest-worker-2";

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("crash");
        env.stack.services().startInstance(ServiceFleet.INGEST, SECOND, Map.of());
    }

    @AfterAll
    static void restoreFleet() {
        ServiceFleet fleet = env.stack.services();
        if (fleet.find(ServiceFleet.INGEST).isEmpty()) {
            fleet.startInstance(ServiceFleet.INGEST, ServiceFleet.INGEST, Map.of());
        }
        if (fleet.find(SECOND).isPresent()) {
            fleet.stop(SECOND);
        }
    }

    @Test
    @Order(1)
    void killedWorkersTaskCompletesExactlyOnceElsewhere() {
        String taskId = Tasks.ingest(env, project, env.sources.url("/slow.mp4"));
        ServiceInstance owner = awaitOwner(taskId);
        env.stack.services().kill(owner.name());

        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(90));
        assertEquals("completed", task.getString("status"), () -> "task ended " + task.getString("error.message"));
        assertTrue(task.getInt("attempts") >= 2, "the task was taken over, so it ran at least twice");

        Map<String, Object> ids = env.query("SELECT file_id, media_id FROM tasks WHERE id = ?", taskId)
                .get(0);
        assertEquals(1, env.count("SELECT count(*) FROM files WHERE project_id = ?", project.id()));
        assertEquals(1, env.count("SELECT count(*) FROM media WHERE project_id = ?", project.id()));
        assertEquals(
                1,
                env.count(
                        "SELECT count(*) FROM files WHERE id = ? AND media_id = ? AND status = 'ready'",
                        ids.get("file_id"),
                        ids.get("media_id")));
        assertEquals(List.of(project.id() + "/" + ids.get("file_id") + ".mp4"), env.objectKeys(project.id()));
        assertEquals(
                Sources.sha256(env.sources.video),
                Sources.sha256(RestAssured.get(task.getString("output.url")).asByteArray()));
    }

    /** Waits until a worker holds the task's lease and returns the instance that does. */
    private static ServiceInstance awaitOwner(String taskId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> rows =
                    env.query("SELECT lease_owner FROM tasks WHERE id = ? AND status = 'processing'", taskId);
            if (!rows.isEmpty() && rows.get(0).get("lease_owner") != null) {
                String owner = (String) rows.get(0).get("lease_owner");
                for (ServiceInstance instance : env.stack.services().instances()) {
                    if (owner.contains(":" + instance.pid() + ":")) {
                        return instance;
                    }
                }
                fail("No running instance matches lease owner " + owner);
            }
            Tasks.sleep(100);
        }
        fail("No worker claimed " + taskId);
        return null;
    }
}
