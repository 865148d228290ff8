package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.e2e.TestStack.Project;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Without the test-only switch, a worker refuses loopback and private sources. The test swaps the
 * fleet's permissive ingest worker for one on default settings, then puts it back.
 */
@Order(100)
class DefaultAddressPolicyIT {
    static TestStack env;
    static Project project;
    static final String STRICT = "ingest-strict";

    @BeforeAll
    static void swapInStrictWorker() {
        env = TestStack.get();
        project = env.newProject("strict");
        ServiceFleet fleet = env.stack.services();
        fleet.stop(ServiceFleet.INGEST);
        fleet.startInstance(ServiceFleet.INGEST, STRICT, Map.of("SMIDGEN_INGEST_ALLOW_PRIVATE", "false"));
    }

    @AfterAll
    static void restore() {
        ServiceFleet fleet = env.stack.services();
        fleet.stop(STRICT);
        fleet.startInstance(ServiceFleet.INGEST, ServiceFleet.INGEST, Map.of());
    }

    @Test
    void loopbackSourcesAreRefusedByDefault() {
        String taskId = Tasks.ingest(env, project, env.sources.url("/video.mp4"));
        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(60));
        assertEquals("failed", task.getString("status"));
        assertEquals("source_forbidden_address", task.getString("error.code"));
        assertEquals(List.of(), env.objectKeys(project.id()));
    }

    @Test
    void privateNetworkSourcesAreRefusedByDefault() {
        JsonPath task = Tasks.awaitFinished(
                env, project, Tasks.ingest(env, project, "http://10.1.2.3/video.mp4"), Duration.ofSeconds(60));
        assertEquals("source_forbidden_address", task.getString("error.code"));
    }
}
