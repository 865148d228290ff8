package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.e2e.TestStack.Project;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Soft-deleted media is purged for good after the retention window: rows and objects go, and a
 * restore then finds nothing. An api instance with a one-second retention runs the purge.
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
@Order(36)
class RetentionPurgeIT {
    static TestStack env;
    static Project project;
    static final String PURGING_API = "api-purging";

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("retention");
        env.stack
                .services()
                .startInstance(
                        ServiceFleet.API,
                        PURGING_API,
                        Map.of("SMIDGEN_RETENTION", "1s", "SMIDGEN_PURGE_INTERVAL", "1s"));
    }

    @AfterAll
    static void stop() {
        env.stack.services().stop(PURGING_API);
    }

    @Test
    void deletedMediaIsPurgedAfterRetentionAndCannotBeRestored() {
        String kept = env.api(project)
                .body(Map.of("url", env.sources.url("/image.png"), "filename", "kept.png"))
                .post("/media")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        String gone = env.api(project)
                .body(Map.of("url", env.sources.url("/audio.mp3"), "filename", "gone.mp3"))
                .post("/media")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        env.api(project).delete("/media/" + gone).then().statusCode(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (env.count("SELECT count(*) FROM media WHERE id = ?", gone) > 0) {
            if (System.nanoTime() > deadline) {
                fail("media " + gone + " was not purged");
            }
            Tasks.sleep(250);
        }
        assertEquals(0, env.count("SELECT count(*) FROM files WHERE media_id = ?", gone));
        assertEquals(List.of(project.id() + "/kept.png"), env.objectKeys(project.id()));
        env.api(project)
                .post("/media/" + gone + "/restore")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"));
        env.api(project).get("/media/" + kept).then().statusCode(200);
    }
}
