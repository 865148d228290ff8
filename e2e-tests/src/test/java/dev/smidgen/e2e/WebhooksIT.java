package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.e2e.WebhookReceiver.Request;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Webhooks end to end: endpoints subscribed to topics and tasks' own webhook_url get signed POSTs
 * whose data is exactly what GET shows; a failed attempt is retried with the same event id and bytes;
 * forbidden addresses are refused when registered.
 */
@Order(80)
class WebhooksIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonPathConfig DOUBLES =
            JsonPathConfig.jsonPathConfig().numberReturnType(NumberReturnType.DOUBLE);

    static TestStack env;
    static WebhookReceiver receiver;
    /** Each test has a project of its own, so no test's endpoints hear another's events. */
    Project project;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        receiver = new WebhookReceiver();
    }

    @BeforeEach
    void newProject(TestInfo test) {
        project =
                env.newProject("webhooks-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void anEndpointHearsOfNewMediaAndItsCompletedIngestSignedWithItsSecret() {
        Map<String, Object> endpoint =
                register("/hooks/library", List.of("media.created", "task.completed"), "library sync");
        String secret = (String) endpoint.get("secret");
        Map<String, Object> failuresOnly = register("/hooks/failures", List.of("task.failed"), null);

        String mediaId = env.api(project)
                .body(Map.of("url", env.sources.url("/video.mp4"), "title", "Webhook clip"))
                .post("/media")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");

        List<Request> got = receiver.await("/hooks/library", 2, WAIT);
        assertEquals(2, got.size());
        for (Request r : got) {
            assertTrue(WebhookReceiver.signedWith(r, secret), "signature of " + r.body());
            assertTrue(r.header("Content-Type").startsWith("application/json"));
            JsonPath body = json(r.body());
            assertEquals(body.getString("id"), r.header("Smidgen-Event-Id"));
            assertTrue(body.getString("id").matches("evt_[a-z0-9]{12}"), body.getString("id"));
            assertTrue(
                    body.getString("created").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                    body.getString("created"));
        }
        JsonPath created = json(one(got, "media.created").body());
        assertEquals(mediaId, created.getString("data.id"));
        assertEquals(
                env.api(project)
                        .get("/media/" + mediaId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .using(DOUBLES)
                        .getMap("data"),
                created.getMap("data"),
                "data is GET /media/{id}'s data");

        JsonPath completed = json(one(got, "task.completed").body());
        String taskId = completed.getString("data.id");
        assertEquals("completed", completed.getString("data.status"));
        assertEquals(mediaId, completed.getString("data.output.media_id"));
        assertEquals(
                env.api(project)
                        .get("/tasks/" + taskId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .using(DOUBLES)
                        .getMap("data"),
                completed.getMap("data"),
                "data is GET /tasks/{id}'s data");

        // Each event went out once: one delivery, delivered at the first attempt with the receiver's 200.
        env.api(project)
                .get("/deliveries?event_id=" + created.getString("id"))
                .then()
                .statusCode(200)
                .body("meta.total", equalTo(1))
                .body("data[0].status", equalTo("delivered"))
                .body("data[0].event", equalTo("media.created"))
                .body("data[0].webhook_id", equalTo(endpoint.get("id")))
                .body("data[0].attempts.size()", equalTo(1))
                .body("data[0].attempts[0].status_code", equalTo(200));
        assertEquals(List.of(), receiver.at("/hooks/failures"), "an endpoint hears only its own topics");
        assertEquals(
                0, env.count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ?", failuresOnly.get("id")));
    }

    @Test
    void aFailedAttemptIsRetriedWithTheSameEventIdAndBody() {
        receiver.answer("/hooks/flaky", 500);
        Map<String, Object> endpoint = register("/hooks/flaky", List.of("task.completed"), null);

        String taskId = Tasks.ingest(env, project, env.sources.url("/image.png"));
        List<Request> got = receiver.await("/hooks/flaky", 2, WAIT);
        Request first = got.get(0);
        Request second = got.get(1);
        assertEquals(first.header("Smidgen-Event-Id"), second.header("Smidgen-Event-Id"));
        assertEquals(first.body(), second.body(), "every attempt sends the same bytes");
        assertEquals(taskId, json(first.body()).getString("data.id"));
        assertTrue(WebhookReceiver.signedWith(first, (String) endpoint.get("secret")));
        assertTrue(WebhookReceiver.signedWith(second, (String) endpoint.get("secret")));
        long gap = Duration.between(first.received(), second.received()).toMillis();
        assertTrue(gap >= 900, "the retry waits for the backoff, not " + gap + " ms");

        JsonPath deliveries = awaitDelivered("/webhooks/" + endpoint.get("id") + "/deliveries");
        assertEquals(1, deliveries.getList("data").size());
        assertEquals(first.header("Smidgen-Event-Id"), deliveries.getString("data[0].event_id"));
        assertEquals(List.of(1, 2), deliveries.getList("data[0].attempts.attempt"));
        assertEquals(List.of(500, 200), deliveries.getList("data[0].attempts.status_code"));
        assertEquals("HTTP 500", deliveries.getString("data[0].attempts[0].error"));
        assertNull(deliveries.get("data[0].attempts[1].error"));
        assertTrue(deliveries.getString("data[0].attempts[0].started").endsWith("Z"));
        assertEquals(
                1,
                receiver.at("/hooks/flaky").stream()
                        .map(r -> r.header("Smidgen-Event-Id"))
                        .distinct()
                        .count());
    }

    @Test
    void aTasksOwnWebhookUrlIsSignedWithTheProjectSecret() {
        String secret = env.api(project)
                .get("/webhooks/secret")
                .then()
                .statusCode(200)
                .body("data.secret", matchesPattern("whsec_[a-z0-9]{32}"))
                .extract()
                .path("data.secret");

        String done = env.api(project)
                .body(Map.of(
                        "kind",
                        "ingest",
                        "url",
                        env.sources.url("/audio.mp3"),
                        "webhook_url",
                        receiver.url("/hooks/task-done")))
                .post("/tasks")
                .then()
                .statusCode(201)
                .body("data.webhook_url", equalTo(receiver.url("/hooks/task-done")))
                .extract()
                .path("data.id");
        Request ok = receiver.await("/hooks/task-done", 1, WAIT).get(0);
        assertTrue(WebhookReceiver.signedWith(ok, secret));
        assertEquals("task.completed", json(ok.body()).getString("event"));
        assertEquals(done, json(ok.body()).getString("data.id"));

        String failed = env.api(project)
                .body(Map.of(
                        "kind",
                        "ingest",
                        "url",
                        env.sources.url("/missing.mp4"),
                        "webhook_url",
                        receiver.url("/hooks/task-failed")))
                .post("/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        Request bad = receiver.await("/hooks/task-failed", 1, WAIT).get(0);
        assertTrue(WebhookReceiver.signedWith(bad, secret));
        JsonPath body = json(bad.body());
        assertEquals("task.failed", body.getString("event"));
        assertEquals(failed, body.getString("data.id"));
        assertEquals("source_unreachable", body.getString("data.error.code"));

        JsonPath deliveries = awaitDelivered("/deliveries?event_id=" + body.getString("id"));
        assertNull(deliveries.get("data[0].webhook_id"), "a task's own webhook has no endpoint");
        assertEquals(receiver.url("/hooks/task-failed"), deliveries.getString("data[0].url"));

        // A rolled secret signs from then on.
        String rolled = env.api(project)
                .post("/webhooks/secret/roll")
                .then()
                .statusCode(200)
                .extract()
                .path("data.secret");
        assertNotEquals(secret, rolled);
        Tasks.ingest(env, project, env.sources.url("/image.png")); // no webhook_url: nothing to send
        String third = env.api(project)
                .body(Map.of(
                        "kind",
                        "ingest",
                        "url",
                        env.sources.url("/image.png"),
                        "webhook_url",
                        receiver.url("/hooks/task-rolled")))
                .post("/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        Request afterRoll = receiver.await("/hooks/task-rolled", 1, WAIT).get(0);
        assertEquals(third, json(afterRoll.body()).getString("data.id"));
        assertTrue(WebhookReceiver.signedWith(afterRoll, rolled));
    }

    @Test
    void forbiddenAndMalformedTargetsAreRefusedWhenRegistered() {
        env.api(project)
                .body(Map.of("url", "http://169.254.169.254/latest/meta-data/", "events", List.of("task.completed")))
                .post("/webhooks")
                .then()
                .statusCode(422)
                .body("error.code", equalTo("source_forbidden_address"))
                .body("error.field", equalTo("url"));
        env.api(project)
                .body(Map.of(
                        "kind",
                        "ingest",
                        "url",
                        env.sources.url("/image.png"),
                        "webhook_url",
                        "http://169.254.169.254/"))
                .post("/tasks")
                .then()
                .statusCode(422)
                .body("error.code", equalTo("source_forbidden_address"))
                .body("error.field", equalTo("webhook_url"));
        env.api(project)
                .body(Map.of(
                        "kind",
                        "image",
                        "format",
                        "png",
                        "url",
                        env.sources.url("/image.png"),
                        "webhook_url",
                        "http://169.254.169.254/"))
                .post("/tasks")
                .then()
                .statusCode(422)
                .body("error.code", equalTo("source_forbidden_address"))
                .body("error.field", equalTo("webhook_url"));
        env.api(project)
                .body(Map.of("url", "ftp://example.com/hook", "events", List.of("task.completed")))
                .post("/webhooks")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.field", equalTo("url"));
        env.api(project)
                .body(Map.of("url", receiver.url("/x"), "events", List.of("task.completed", "task.exploded")))
                .post("/webhooks")
                .then()
                .statusCode(400)
                .body("error.field", equalTo("events[1]"));
        env.api(project)
                .body(Map.of("url", receiver.url("/x")))
                .post("/webhooks")
                .then()
                .statusCode(400)
                .body("error.field", equalTo("events"));
        env.api(project)
                .body(Map.of("url", receiver.url("/x"), "events", "task.completed"))
                .post("/webhooks")
                .then()
                .statusCode(400)
                .body("error.field", equalTo("events"));
        env.api(project)
                .body(Map.of("events", List.of("task.completed")))
                .post("/webhooks")
                .then()
                .statusCode(400)
                .body("error.field", equalTo("url"));
        env.api(project).get("/deliveries?status=lost").then().statusCode(400).body("error.field", equalTo("status"));
        assertEquals(0, env.count("SELECT count(*) FROM webhook_endpoints WHERE project_id = ?", project.id()));
        assertEquals(
                0,
                env.count("SELECT count(*) FROM tasks WHERE project_id = ?", project.id()),
                "nothing stored for a refused request");
    }

    @Test
    void endpointsBelongToTheirProjectAndCanBeDeleted() {
        Map<String, Object> endpoint = register("/hooks/short-lived", List.of("media.created"), "temporary");
        String id = (String) endpoint.get("id");
        env.api(project)
                .get("/webhooks/" + id)
                .then()
                .statusCode(200)
                .body("data.secret", equalTo(endpoint.get("secret")))
                .body("data.events", equalTo(List.of("media.created")))
                .body("data.description", equalTo("temporary"));
        env.api(project)
                .get("/webhooks?limit=100")
                .then()
                .statusCode(200)
                .body("data.find { it.id == '" + id + "' }", not(hasKey("secret")))
                .body("data.find { it.id == '" + id + "' }.url", equalTo(receiver.url("/hooks/short-lived")));

        Project other = env.newProject("webhooks-other");
        env.api(other).get("/webhooks/" + id).then().statusCode(404).body("error.code", equalTo("not_found"));
        env.api(other).delete("/webhooks/" + id).then().statusCode(404);
        env.api(other).get("/webhooks/" + id + "/deliveries").then().statusCode(404);
        String otherSecret =
                env.api(other).get("/webhooks/secret").then().extract().path("data.secret");
        assertNotEquals(
                otherSecret,
                env.api(project).get("/webhooks/secret").then().extract().<String>path("data.secret"));

        env.api(project).delete("/webhooks/" + id).then().statusCode(200).body("data", nullValue());
        env.api(project).get("/webhooks/" + id).then().statusCode(404);
        env.api(project)
                .body(Map.of("url", env.sources.url("/image.png")))
                .post("/media")
                .then()
                .statusCode(201);
        Tasks.sleep(3000);
        assertEquals(List.of(), receiver.at("/hooks/short-lived"), "a deleted endpoint hears nothing");
        env.anonymous().get("/webhooks").then().statusCode(401);
    }

    private Map<String, Object> register(String path, List<String> events, String description) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("url", receiver.url(path), "events", events));
        if (description != null) {
            body.put("description", description);
        }
        return env.api(project)
                .body(body)
                .post("/webhooks")
                .then()
                .statusCode(201)
                .body("data.id", matchesPattern("wh_[a-z0-9]{12}"))
                .body("data.object", equalTo("webhook"))
                .body("data.url", equalTo(receiver.url(path)))
                .body("data.events", equalTo(events))
                .body("data.secret", matchesPattern("whsec_[a-z0-9]{32}"))
                .extract()
                .path("data");
    }

    /** Polls a delivery list until its first delivery is delivered (its attempt is recorded after the receiver answered). */
    private JsonPath awaitDelivered(String path) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath list = null;
        while (System.nanoTime() < deadline) {
            list = env.api(project).get(path).then().statusCode(200).extract().jsonPath();
            if ("delivered".equals(list.getString("data[0].status"))) {
                return list;
            }
            Tasks.sleep(200);
        }
        throw new AssertionError(path + " shows no delivered delivery: " + (list == null ? null : list.prettify()));
    }

    private static Request one(List<Request> requests, String event) {
        List<Request> matching = requests.stream()
                .filter(r -> event.equals(json(r.body()).getString("event")))
                .toList();
        assertEquals(1, matching.size(), event + " in " + requests);
        return matching.get(0);
    }

    private static JsonPath json(String body) {
        return new JsonPath(body).using(DOUBLES);
    }
}
