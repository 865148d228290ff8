package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.e2e.WebhookReceiver.Request;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Automations end to end: "when a video arrives, make these conversions" fires on URL ingest and on
 * direct upload, creating one task per template with the automation's id in its input; a template
 * that does not fit the input becomes a failed task naming why; non-matching media and disabled
 * automations create nothing. Only creation is checked here: running conversions is the transcode
 * worker's business (ConversionsIT).
 */
@Order(81)
class AutomationsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, Object> VIDEOS_ONLY = Map.of(
            "event", "media.created", "conditions", List.of(Map.of("key", "kind", "operator", "==", "value", "video")));
    private static final List<Map<String, Object>> TEMPLATES = List.of(
            Map.of("kind", "image", "format", "jpg", "label", "poster"),
            Map.of("kind", "video", "format", "webm", "width", 320, "quality", 0.6, "label", "small"),
            Map.of("kind", "video", "format", "mp4", "width", 4000, "label", "huge"));

    /** A created conversion the transcode worker may already be running or have finished. */
    private static final Set<String> STARTED = Set.of("pending", "processing", "completed");

    static TestStack env;
    static WebhookReceiver receiver;
    Project project;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @BeforeEach
    void newProject(TestInfo test) {
        project = env.newProject(
                "automations-" + test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void aVideoIngestedFromAUrlGetsOneTaskPerTemplate() {
        String automationId = createAutomation(VIDEOS_ONLY, TEMPLATES);
        String failuresHook = "/automations/" + project.id() + "/failed";
        String secret = env.api(project)
                .body(Map.of("url", receiver.url(failuresHook), "events", List.of("task.failed")))
                .post("/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("data.secret");

        String mediaId = env.api(project)
                .body(Map.of("url", env.sources.url("/video.mp4")))
                .post("/media")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        String originalId = originalFileOf(mediaId);
        List<JsonPath> tasks = awaitConversions(mediaId, 3);

        JsonPath poster = byLabel(tasks, "poster");
        assertEquals("image", poster.getString("kind"));
        assertEquals("jpeg", poster.getString("options.format"));
        assertTrue(STARTED.contains(poster.getString("status")), poster.getString("status"));
        assertEquals(automationId, poster.getString("input.automation_id"));
        assertEquals(mediaId, poster.getString("input.media_id"));
        assertEquals(originalId, poster.getString("input.file_id"));

        JsonPath small = byLabel(tasks, "small");
        assertEquals("video", small.getString("kind"));
        assertEquals("webm", small.getString("options.format"));
        assertEquals(320, small.getInt("options.width"));
        assertEquals(0.6, small.getDouble("options.quality"), 1e-9);
        assertEquals(automationId, small.getString("input.automation_id"));
        assertTrue(STARTED.contains(small.getString("status")), small.getString("status"));

        // 4000 px wide from a 640 px video: recorded as failed with the reason, not silently dropped.
        JsonPath huge = byLabel(tasks, "huge");
        assertEquals("failed", huge.getString("status"));
        assertEquals(automationId, huge.getString("input.automation_id"));
        env.api(project)
                .get("/tasks/" + huge.getString("id"))
                .then()
                .statusCode(200)
                .body("data.status", equalTo("failed"))
                .body("data.error.code", equalTo("upscale_not_allowed"))
                .body("data.format", equalTo("mp4"))
                .body("data.label", equalTo("huge"));

        // ...and announced like any failed task.
        Request failed = receiver.await(failuresHook, 1, WAIT).get(0);
        assertTrue(WebhookReceiver.signedWith(failed, secret));
        JsonPath body = new JsonPath(failed.body());
        assertEquals("task.failed", body.getString("event"));
        assertEquals(huge.getString("id"), body.getString("data.id"));
        assertEquals("upscale_not_allowed", body.getString("data.error.code"));
    }

    @Test
    void aVideoUploadedDirectlyFiresToo() {
        String automationId =
                createAutomation(VIDEOS_ONLY, List.of(Map.of("kind", "image", "format", "png", "label", "thumb")));
        Uploads uploads = new Uploads(env, project);
        String mediaId = uploads.simple(uploads.url(Map.of()), env.sources.video, "video/mp4")
                .statusCode(201)
                .extract()
                .path("data.id");
        List<JsonPath> tasks = awaitConversions(mediaId, 1);
        JsonPath thumb = tasks.get(0);
        assertEquals("image", thumb.getString("kind"));
        assertEquals("png", thumb.getString("options.format"));
        assertEquals("thumb", thumb.getString("options.label"));
        assertEquals(automationId, thumb.getString("input.automation_id"));
        assertEquals(originalFileOf(mediaId), thumb.getString("input.file_id"));
        env.api(project)
                .get("/tasks/" + thumb.getString("id"))
                .then()
                .statusCode(200)
                .body("data.kind", equalTo("image"))
                .body("data.format", equalTo("png"))
                .body("data.label", equalTo("thumb"))
                .body("data.input", equalTo(originalFileOf(mediaId)));
    }

    @Test
    void mediaThatDoesNotMatchGetsNothing() {
        createAutomation(VIDEOS_ONLY, TEMPLATES);
        String audio = env.api(project)
                .body(Map.of("url", env.sources.url("/audio.mp3")))
                .post("/media")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        String image = env.api(project)
                .body(Map.of("url", env.sources.url("/image.png")))
                .post("/media")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        awaitDispatched(audio);
        awaitDispatched(image);
        assertEquals(List.of(), conversionsOf(audio));
        assertEquals(List.of(), conversionsOf(image));
        assertEquals(
                0, env.count("SELECT count(*) FROM tasks WHERE project_id = ? AND kind <> 'ingest'", project.id()));
    }

    @Test
    void disabledAndDeletedAutomationsDoNotFire() {
        String disabled = createAutomation(VIDEOS_ONLY, TEMPLATES);
        env.api(project)
                .body(Map.of("enabled", false))
                .patch("/automations/" + disabled)
                .then()
                .statusCode(200)
                .body("data.enabled", equalTo(false))
                .body("data.tasks.size()", equalTo(3));
        String deleted = createAutomation(Map.of("event", "media.created"), TEMPLATES);
        env.api(project)
                .delete("/automations/" + deleted)
                .then()
                .statusCode(200)
                .body("data", nullValue());
        env.api(project).get("/automations/" + deleted).then().statusCode(404);

        String mediaId = env.api(project)
                .body(Map.of("url", env.sources.url("/video.mp4")))
                .post("/media")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        awaitDispatched(mediaId);
        assertEquals(List.of(), conversionsOf(mediaId));

        // Enabled again, it fires for the next video (not for the one already dispatched).
        env.api(project)
                .body(Map.of("enabled", true))
                .patch("/automations/" + disabled)
                .then()
                .statusCode(200);
        String next = env.api(project)
                .body(Map.of("url", env.sources.url("/video.mp4")))
                .post("/media")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        assertEquals(3, awaitConversions(next, 3).size());
        assertEquals(List.of(), conversionsOf(mediaId));
    }

    @Test
    void automationsAreValidatedStoredCanonicallyAndScopedToTheirProject() {
        Map<String, Object> created = env.api(project)
                .body(Map.of(
                        "name",
                        "posters",
                        "trigger",
                        Map.of(
                                "event",
                                "media.created",
                                "conditions",
                                List.of(Map.of("prop", "type", "operator", "==", "value", "video/*"))),
                        "tasks",
                        List.of(Map.of("kind", "image", "format", "jpg"))))
                .post("/automations")
                .then()
                .statusCode(201)
                .body("data.id", matchesPattern("auto_[a-z0-9]{12}"))
                .body("data.object", equalTo("automation"))
                .body("data.name", equalTo("posters"))
                .body("data.enabled", equalTo(true))
                .body("data.trigger.event", equalTo("media.created"))
                .body("data.trigger.conditions.operator", equalTo("&&"))
                .body("data.trigger.conditions.rules[0].key", equalTo("mimetype"))
                .body("data.tasks[0].format", equalTo("jpeg"))
                .body("data.tasks[0].width", nullValue())
                .extract()
                .path("data");
        String id = (String) created.get("id");
        env.api(project).get("/automations/" + id).then().statusCode(200).body("data", equalTo(created));
        env.api(project)
                .get("/automations")
                .then()
                .statusCode(200)
                .body("meta.total", equalTo(1))
                .body("data[0].id", equalTo(id));
        env.api(project)
                .header("Accept-Version", "2025-08-20")
                .get("/automations/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id));

        env.api(project)
                .body(Map.of("name", "renamed", "tasks", List.of(Map.of("kind", "audio", "format", "mp3"))))
                .patch("/automations/" + id)
                .then()
                .statusCode(200)
                .body("data.name", equalTo("renamed"))
                .body("data.tasks[0].kind", equalTo("audio"))
                .body("data.trigger.conditions.rules[0].value", equalTo("video/*"));
        env.api(project)
                .body(Map.of("tasks", List.of(Map.of("kind", "video", "format", "gif"))))
                .patch("/automations/" + id)
                .then()
                .statusCode(400)
                .body("error.field", equalTo("tasks[0].format"));
        env.api(project).get("/automations/" + id).then().body("data.tasks[0].kind", equalTo("audio"));

        List<Map<String, Object>> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(Map.of("kind", "image", "format", "png"));
        }
        Map<String, Object> trigger = Map.of("event", "media.created");
        for (Map.Entry<Map<String, Object>, String> bad : Map.<Map<String, Object>, String>of(
                        Map.of("tasks", TEMPLATES), "trigger",
                        Map.of("trigger", trigger), "tasks",
                        Map.of("trigger", Map.of("event", "task.completed"), "tasks", TEMPLATES), "trigger.event",
                        Map.of(
                                        "trigger",
                                        Map.of(
                                                "event",
                                                "media.created",
                                                "conditions",
                                                List.of(Map.of("key", "colour", "operator", "==", "value", 1))),
                                        "tasks",
                                        TEMPLATES),
                                "trigger.conditions[0].key",
                        Map.of("trigger", trigger, "tasks", eleven), "tasks",
                        Map.of("trigger", trigger, "tasks", List.of(Map.of("kind", "document", "format", "pdf"))),
                                "tasks[0].kind",
                        Map.of(
                                        "trigger",
                                        trigger,
                                        "tasks",
                                        List.of(Map.of("kind", "video", "format", "mp4", "width", 9000))),
                                "tasks[0].width",
                        Map.of(
                                        "trigger",
                                        trigger,
                                        "tasks",
                                        List.of(Map.of("kind", "video", "format", "mp4", "quality", 2))),
                                "tasks[0].quality",
                        Map.of(
                                        "trigger",
                                        trigger,
                                        "tasks",
                                        List.of(Map.of("kind", "audio", "format", "wav", "height", 100))),
                                "tasks[0].height",
                        Map.of("trigger", trigger, "tasks", TEMPLATES, "enabled", "yes"), "enabled")
                .entrySet()) {
            Response r = env.api(project).body(bad.getKey()).post("/automations");
            assertEquals(400, r.statusCode(), bad.getKey() + " → " + r.asString());
            assertEquals("invalid_request", r.path("error.code"));
            assertEquals(bad.getValue(), r.path("error.field"), bad.getKey().toString());
        }
        assertEquals(1, env.count("SELECT count(*) FROM automations WHERE project_id = ?", project.id()));

        Project other = env.newProject("automations-other");
        env.api(other).get("/automations/" + id).then().statusCode(404).body("error.code", equalTo("not_found"));
        env.api(other)
                .body(Map.of("enabled", false))
                .patch("/automations/" + id)
                .then()
                .statusCode(404);
        env.api(other).delete("/automations/" + id).then().statusCode(404);
        env.api(other).get("/automations").then().statusCode(200).body("meta.total", equalTo(0));
    }

    private String createAutomation(Map<String, Object> trigger, List<Map<String, Object>> templates) {
        return env.api(project)
                .body(Map.of("trigger", trigger, "tasks", templates))
                .post("/automations")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
    }

    private String originalFileOf(String mediaId) {
        return (String) env.query("SELECT id FROM files WHERE media_id = ? AND original", mediaId)
                .get(0)
                .get("id");
    }

    /**
     * The conversion tasks of a media item (of its original file: a task that failed at creation names
     * only that), in the current (bare) shape, which shows input and options whole.
     */
    private List<JsonPath> conversionsOf(String mediaId) {
        String fileId = originalFileOf(mediaId);
        JsonPath all = env.api(project)
                .header("Accept-Version", "2025-08-20")
                .get("/tasks?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<JsonPath> found = new ArrayList<>();
        for (int i = 0; i < all.getList("$").size(); i++) {
            JsonPath task = new JsonPath(all.prettify()).setRootPath("[" + i + "]");
            if (!"ingest".equals(task.getString("kind")) && fileId.equals(task.getString("input.file_id"))) {
                found.add(task);
            }
        }
        found.sort(Comparator.comparing(t -> t.getString("id")));
        return found;
    }

    private List<JsonPath> awaitConversions(String mediaId, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonPath> found = conversionsOf(mediaId);
            if (found.size() >= count) {
                Tasks.sleep(500); // nothing more should come
                List<JsonPath> settled = conversionsOf(mediaId);
                assertEquals(count, settled.size(), "conversions of " + mediaId);
                return settled;
            }
            Tasks.sleep(200);
        }
        throw new AssertionError(mediaId + " got " + conversionsOf(mediaId).size() + " conversions, not " + count);
    }

    /** Waits until the media.created event of a media item was dispatched (its automations had their chance). */
    private void awaitDispatched(String mediaId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (env.count(
                            "SELECT count(*) FROM events WHERE subject_id = ? AND topic = 'media.created' AND dispatched IS NOT NULL",
                            mediaId)
                    == 1) {
                return;
            }
            Tasks.sleep(200);
        }
        throw new AssertionError("media.created of " + mediaId + " was not dispatched");
    }

    private static JsonPath byLabel(List<JsonPath> tasks, String label) {
        return tasks.stream()
                .filter(t -> label.equals(t.getString("options.label")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no task labelled " + label));
    }
}
