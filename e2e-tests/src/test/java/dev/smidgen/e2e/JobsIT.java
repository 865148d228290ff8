package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs generation end to end (docs/api/jobs.md): a job of every kind on generated media, the
 * published shapes (bare objects, Unix-millisecond times, {@code {kind, message}} errors), cursor
 * paging in both orders, cancellation mid-encode, standalone steps on {@code /tasks} beside the
 * 2025-08-20 shapes, idempotency and webhooks.
 */
class JobsIT {
    static final Duration WAIT = Duration.ofSeconds(180);
    static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled");
    static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    static final Pattern PREV = Pattern.compile("<([^>]+)>; rel=\"prev\"");

    static TestStack env;
    static Project project;
    static Path downloads;

    @BeforeAll
    static void start() throws IOException {
        env = TestStack.get();
        project = env.newProject("jobs");
        downloads = Files.createTempDirectory(Path.of("target"), "jobs-");
    }

    @Test
    void aJobOfEveryKindRunsItsStepsAndDeliversItsOutput() {
        Map<String, String> jobs = new LinkedHashMap<>();
        jobs.put(
                "video",
                create(Map.of(
                        "input", env.sources.url("/video.mp4"),
                        "kind", "video",
                        "options", Map.of("format", "webm", "width", "50%", "quality", "low"),
                        "metadata", Map.of("ref", "clip-1"))));
        jobs.put(
                "audio",
                create(Map.of(
                        "input",
                        env.sources.url("/video.mp4"),
                        "kind",
                        "audio",
                        "options",
                        Map.of("start", 1, "end", 3))));
        jobs.put(
                "audio-opus",
                create(Map.of(
                        "input", env.sources.url("/audio.mp3"),
                        "kind", "audio",
                        "options", Map.of("format", "opus", "bitrate", 64000))));
        jobs.put(
                "image",
                create(Map.of(
                        "input", env.sources.url("/image.png"),
                        "kind", "image",
                        "options", Map.of("format", "webp", "width", 100))));
        jobs.put(
                "animation",
                create(Map.of(
                        "input", env.sources.url("/video.mp4"),
                        "kind", "animation",
                        "options", Map.of("format", "webp", "width", 160))));
        jobs.put("adaptive_video", create(Map.of("input", env.sources.url("/video.mp4"), "kind", "adaptive_video")));

        for (Map.Entry<String, String> entry : jobs.entrySet()) {
            String kind = entry.getKey();
            JsonPath job = awaitFinal(entry.getValue());
            assertEquals("succeeded", job.getString("status"), () -> kind + ": " + job.getString("error.message"));
            assertEquals(1.0, job.getDouble("progress"), 1e-9, kind);
            assertNull(job.get("error"), kind);
            assertTrue(job.getLong("finished_at") >= job.getLong("started_at"), kind);
            assertTrue(job.getLong("started_at") >= job.getLong("created_at"), kind);
            List<Map<String, Object>> tasks = job.getList("tasks");
            assertEquals(2, tasks.size(), kind + ": import and encode");
            assertEquals("import", job.getString("tasks[0].kind"));
            assertEquals(kind.replace("-opus", ""), job.getString("tasks[1].kind"));
            for (int i = 0; i < 2; i++) {
                assertEquals("succeeded", job.getString("tasks[" + i + "].status"), kind);
                assertEquals("task", job.getString("tasks[" + i + "].object"), kind);
                assertEquals(entry.getValue(), job.getString("tasks[" + i + "].job_id"), kind);
            }
            assertEquals("file", job.getString("tasks[0].output.object"), kind);
            assertEquals(job.getString("tasks[0].output.id"), job.getString("tasks[1].input.id"), kind);
            String output = job.getString("output");
            assertEquals(job.getString("tasks[1].output.url"), output, kind + ": the job's output is its result");
            if (kind.equals("adaptive_video")) {
                assertTrue(output.endsWith(".m3u8"), "the master playlist: " + output);
                String master =
                        RestAssured.get(output).then().statusCode(200).extract().asString();
                assertTrue(master.startsWith("#EXTM3U") && master.contains("#EXT-X-STREAM-INF"), master);
                continue;
            }
            ProbeResult probe = probe(output, kind);
            switch (kind) {
                case "video" -> {
                    assertEquals("vp9", probe.codec());
                    assertEquals(320, probe.width());
                    assertEquals("clip-1", job.getString("metadata.ref"));
                    assertEquals("50%", job.getString("options.width"), "options as given");
                }
                case "audio" -> {
                    assertEquals("mp3", probe.codec(), "mp3 is the default audio format");
                    assertEquals(2.0, probe.duration(), 0.1, "clipped from 1 s to 3 s");
                }
                case "audio-opus" -> {
                    assertEquals("opus", probe.codec());
                    assertEquals(3.0, probe.duration(), 0.1);
                }
                case "image" -> {
                    assertEquals("webp", probe.codec());
                    assertEquals(100, probe.width());
                }
                case "animation" -> assertTrue(probe.animated(), "an animation job's webp is animated");
                default -> fail(kind);
            }
        }
    }

    @Test
    void theSameOptionsConvertAlikeThroughBothGenerations() {
        Map<String, Object> options =
                Map.of("format", "mp4", "codec", "h265", "width", "50%", "quality", "low", "start", 1, "end", 3);
        Map<String, Object> sourcesBody = new LinkedHashMap<>(options);
        sourcesBody.put("url", env.sources.url("/video.mp4"));
        sourcesBody.put("kind", "video");
        String taskId = env.api(project)
                .body(sourcesBody)
                .post("/sources")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        JsonPath job =
                awaitFinal(create(Map.of("input", env.sources.url("/video.mp4"), "kind", "video", "options", options)));
        assertEquals("succeeded", job.getString("status"), job.getString("error.message"));
        JsonPath task = Tasks.awaitCompleted(env, project, taskId, WAIT);

        assertEquals(
                env.query("SELECT options::text AS o FROM tasks WHERE id = ?", taskId)
                        .get(0)
                        .get("o"),
                env.query("SELECT options::text AS o FROM tasks WHERE id = ?", job.getString("tasks[1].id"))
                        .get(0)
                        .get("o"),
                "one conversion, stored alike");
        ProbeResult viaSources = probe(task.getString("output.url"), "sources");
        ProbeResult viaJobs = probe(job.getString("output"), "jobs");
        assertEquals("hevc", viaJobs.codec());
        assertEquals(viaSources.codec(), viaJobs.codec());
        assertEquals(320, viaJobs.width());
        assertEquals(viaSources.width(), viaJobs.width());
        assertEquals(viaSources.height(), viaJobs.height());
        assertEquals(2.0, viaJobs.duration(), 0.1);
        assertEquals(viaSources.duration(), viaJobs.duration(), 0.05);
    }

    @Test
    void theJobShapeIsBareWithMillisecondTimesAndItsTaskIsServedByTasks() {
        Response created = env.api(project)
                .body(Map.of("input", env.sources.url("/image.png"), "kind", "image"))
                .post("/jobs");
        created.then()
                .statusCode(201)
                .body("id", matchesPattern("job_[a-z0-9]{12}"))
                .body("object", equalTo("job"))
                .body("kind", equalTo("image"))
                .body("input", equalTo(env.sources.url("/image.png")))
                .body("output", equalTo(null))
                .body("error", equalTo(null))
                .body("tasks.size()", equalTo(2))
                .body("tasks[0].kind", equalTo("import"))
                .body("tasks[0].status", equalTo("queued"))
                .body("tasks[1].status", equalTo("waiting"));
        JsonPath job = created.jsonPath();
        assertTrue(Set.of("queued", "processing").contains(job.getString("status")), job.getString("status"));
        long createdAt = job.getLong("created_at");
        assertTrue(Math.abs(System.currentTimeMillis() - createdAt) < 60_000, "Unix milliseconds: " + createdAt);
        assertNull(job.get("meta"), "bare, no envelope");

        String stepId = job.getString("tasks[0].id");
        JsonPath step = env.api(project)
                .get("/tasks/" + stepId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("import", step.getString("kind"), "served in the jobs shape");
        assertEquals(job.getString("id"), step.getString("job_id"));
        assertEquals(env.sources.url("/image.png"), step.getString("input.url"));
        assertTrue(step.get("created_at") instanceof Number, "ms timestamps");
        awaitFinal(job.getString("id"));

        // The 2025-08-20 generation is untouched: its task keeps its envelope, and its list shows no steps.
        String old = Tasks.ingest(env, project, env.sources.url("/image.png"));
        env.api(project).get("/tasks/" + old).then().statusCode(200).body("data.kind", equalTo("ingest"));
        List<String> listed = env.api(project)
                .get("/tasks?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .path("data.id");
        assertTrue(listed.contains(old));
        assertTrue(!listed.contains(stepId), "job steps are not 2025-08-20 tasks");
    }

    @Test
    void standaloneStepsOnTasksTakeTheInputObjectShape() {
        // import, then an encode of the stored file, told apart from 2025-08-20 bodies by the input object.
        JsonPath imported = env.api(project)
                .body(Map.of("kind", "import", "input", Map.of("url", env.sources.url("/video.mp4"))))
                .post("/tasks")
                .then()
                .statusCode(201)
                .body("object", equalTo("task"))
                .body("kind", equalTo("import"))
                .body("status", equalTo("queued"))
                .body("job_id", equalTo(null))
                .extract()
                .jsonPath();
        JsonPath done = awaitTask(imported.getString("id"));
        assertEquals("succeeded", done.getString("status"));
        String fileId = done.getString("output.id");
        assertEquals("video", done.getString("output.kind"));
        assertEquals(640, done.getInt("output.width"));

        JsonPath encode = env.api(project)
                .body(Map.of(
                        "kind", "image",
                        "input", Map.of("object", "file", "id", fileId),
                        "options", Map.of("format", "png", "width", 64, "start", 1)))
                .post("/tasks")
                .then()
                .statusCode(201)
                .body("kind", equalTo("image"))
                .extract()
                .jsonPath();
        JsonPath encoded = awaitTask(encode.getString("id"));
        assertEquals("succeeded", encoded.getString("status"), encoded.getString("error.message"));
        assertEquals(64, probe(encoded.getString("output.url"), "frame").width());
        assertEquals(fileId, encoded.getString("input.id"));

        // The same words in a 2025-08-20 body (no input object) keep their old meaning and shape.
        env.api(project)
                .body(Map.of("kind", "image", "file_id", fileId, "format", "png", "width", 64))
                .post("/tasks")
                .then()
                .statusCode(201)
                .body("data.object", equalTo("task"))
                .body("data.status", equalTo("pending"));
    }

    @Test
    void badInputsAreRefusedWithTheirKindAndLeaveNothing() {
        long before = env.count("SELECT count(*) FROM jobs WHERE project_id = ?", project.id());
        refused(Map.of("input", env.sources.url("/video.mp4"), "kind", "hologram"), 400, "invalid_input", "kind");
        refused(Map.of("input", "ftp://example.com/a.mp4", "kind", "video"), 400, "invalid_input", "url");
        refused(Map.of("kind", "video"), 400, "invalid_input", "input");
        refused(
                Map.of("input", env.sources.url("/video.mp4"), "kind", "video", "options", Map.of("fps", 500)),
                400,
                "invalid_input",
                "fps");
        refused(
                Map.of("input", env.sources.url("/video.mp4"), "kind", "video", "options", Map.of("format", "mp3")),
                400,
                "invalid_input",
                "format");
        refused(
                Map.of("input", env.sources.url("/video.mp4"), "kind", "video", "options", "fast"),
                400,
                "invalid_input",
                "options");
        refused(Map.of("input", "s3://bucket/key.mp4", "kind", "video"), 400, "invalid_input", "connection_id");
        refused(
                Map.of("input", "s3://bucket/key.mp4", "kind", "video", "connection_id", "con_nosuchthing1"),
                404,
                "connection_not_found",
                null);
        assertEquals(before, env.count("SELECT count(*) FROM jobs WHERE project_id = ?", project.id()), "none stored");

        env.api(project)
                .get("/jobs/job_nosuchjob123")
                .then()
                .statusCode(404)
                .body("kind", equalTo("job_not_found"))
                .body("message", equalTo("Job not found."));
        env.anonymous().get("/jobs").then().statusCode(401).body("kind", equalTo("unauthorized"));
        env.api(project)
                .get("/tasks/task_nosuchtask12")
                .then()
                .statusCode(404)
                .body("kind", equalTo("task_not_found"))
                .body("error.code", equalTo("not_found"));
        env.api(project).get("/jobs?limit=0").then().statusCode(400).body("kind", equalTo("invalid_input"));
        env.api(project).get("/jobs?order=up").then().statusCode(400).body("kind", equalTo("invalid_input"));
        env.api(project)
                .get("/jobs?after=job_nosuchjob123")
                .then()
                .statusCode(400)
                .body("kind", equalTo("invalid_input"));
        env.api(project)
                .body(Map.of("kind", "export", "input", Map.of("id", "file_nosuchfile12"), "options", Map.of()))
                .post("/tasks")
                .then()
                .statusCode(400)
                .body("kind", equalTo("invalid_input"));

        // A source that cannot be fetched fails the job with the import's error, and cancels the encode.
        JsonPath failed = awaitFinal(create(Map.of("input", env.sources.url("/missing.mp4"), "kind", "video")));
        assertEquals("failed", failed.getString("status"));
        assertEquals("source_unreachable", failed.getString("error.kind"));
        assertNotNull(failed.getString("error.message"));
        assertEquals("failed", failed.getString("tasks[0].status"));
        assertEquals("cancelled", failed.getString("tasks[1].status"));
        assertNull(failed.get("output"));

        // A rule that needs the probed input fails the encode once the import has stored it.
        JsonPath upscale = awaitFinal(create(
                Map.of("input", env.sources.url("/video.mp4"), "kind", "video", "options", Map.of("width", 4000))));
        assertEquals("failed", upscale.getString("status"));
        assertEquals("upscale_not_allowed", upscale.getString("error.kind"));
        assertEquals("succeeded", upscale.getString("tasks[0].status"));
        assertEquals("failed", upscale.getString("tasks[1].status"));
        assertEquals("upscale_not_allowed", upscale.getString("tasks[1].error.kind"));
    }

    @Test
    void cursorPagingWalksTwoHundredFiftyJobsInBothOrders() {
        Project paged = env.newProject("jobs-paging");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            created.add(env.api(paged)
                    .body(Map.of("input", env.sources.url("/missing.mp4"), "kind", "audio"))
                    .post("/jobs")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
        }
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);

        assertEquals(newestFirst, walk(paged, "/jobs?limit=100", NEXT), "desc is the default");
        assertEquals(created, walk(paged, "/jobs?limit=100&order=asc", NEXT));
        // From the last page back to the first through the prev links, in each order.
        for (String order : List.of("asc", "desc")) {
            List<String> expected = order.equals("asc") ? created : newestFirst;
            String last = expected.get(expected.size() - 1);
            List<List<String>> back = pages(paged, "/jobs?limit=30&order=" + order + "&before=" + last, PREV);
            // Each page keeps the list's order; walking backwards visits the pages last to first.
            java.util.Collections.reverse(back);
            assertEquals(
                    expected.subList(0, expected.size() - 1),
                    back.stream().flatMap(List::stream).toList(),
                    order);
        }
        Response page = env.api(paged).get("/jobs?limit=7&order=asc&after=" + created.get(10));
        assertEquals(created.subList(11, 18), page.jsonPath().getList("id"));
        assertEquals("true", page.header("X-Has-More"));
        Response first = env.api(paged).get("/jobs?limit=5&order=asc&before=" + created.get(5));
        assertEquals(created.subList(0, 5), first.jsonPath().getList("id"));
        assertEquals("false", first.header("X-Has-More"), "nothing before the first job");
    }

    @Test
    void cancellingAJobMidEncodeStopsItAndKeepsNothingOfTheEncode() {
        String jobId = create(Map.of(
                "input", env.sources.url("/long.mp4"),
                "kind", "video",
                "options", Map.of("format", "webm", "quality", "very_high")));
        JsonPath running = awaitStep(jobId, 1, "processing");
        String encodeId = running.getString("tasks[1].id");
        String encodeFile = env.query("SELECT file_id FROM tasks WHERE id = ?", encodeId)
                .get(0)
                .get("file_id")
                .toString();

        JsonPath cancelled = env.api(project)
                .post("/jobs/" + jobId + "/cancel")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("cancelled", cancelled.getString("status"));
        assertEquals("cancelled", cancelled.getString("tasks[1].status"));
        assertNotNull(cancelled.get("finished_at"));
        // Again: the same answer; a finished job cannot be cancelled.
        env.api(project)
                .post("/jobs/" + jobId + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"));

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!TestStack.transcodeWorkDirsOf(encodeId).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the encode's FFmpeg run was not stopped");
            Tasks.sleep(200);
        }
        Tasks.sleep(1000); // a writer that had not seen the cancel would have committed by now
        assertEquals(0, env.count("SELECT count(*) FROM files WHERE id = ?", encodeFile), "no file of the encode");
        assertEquals("cancelled", awaitFinal(jobId).getString("tasks[1].status"));
        assertTrue(
                env.objectKeys(project.id()).stream().noneMatch(k -> k.contains(encodeFile)),
                "no object of the encode");

        String succeeded = create(Map.of("input", env.sources.url("/image.png"), "kind", "image"));
        awaitFinal(succeeded);
        env.api(project)
                .post("/jobs/" + succeeded + "/cancel")
                .then()
                .statusCode(409)
                .body("kind", equalTo("conflict"));
    }

    @Test
    void idempotencyReplaysTheJobWith200() {
        String key = "job-" + System.nanoTime();
        Map<String, Object> body = Map.of("input", env.sources.url("/image.png"), "kind", "image");
        String first = env.api(project)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        env.api(project)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/jobs")
                .then()
                .statusCode(200)
                .body("id", equalTo(first));
        awaitFinal(first);

        // A step on /tasks in this generation's shape is replayed the same way.
        String stepKey = "step-" + System.nanoTime();
        Map<String, Object> step = Map.of("kind", "import", "input", Map.of("url", env.sources.url("/image.png")));
        String stepId = env.api(project)
                .header("Idempotency-Key", stepKey)
                .body(step)
                .post("/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        env.api(project)
                .header("Idempotency-Key", stepKey)
                .body(step)
                .post("/tasks")
                .then()
                .statusCode(200)
                .body("id", equalTo(stepId));
        awaitTask(stepId);
    }

    @Test
    void aFinishedJobIsSentToWebhooksWithTheJobAsPayload() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Project hooked = env.newProject("jobs-webhooks");
            env.api(hooked)
                    .body(Map.of("url", receiver.url("/jobs"), "events", List.of("job.succeeded", "job.failed")))
                    .post("/webhooks")
                    .then()
                    .statusCode(201);
            String ok = env.api(hooked)
                    .body(Map.of("input", env.sources.url("/image.png"), "kind", "image"))
                    .post("/jobs")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            String bad = env.api(hooked)
                    .body(Map.of("input", env.sources.url("/missing.mp4"), "kind", "image"))
                    .post("/jobs")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            List<WebhookReceiver.Request> got = receiver.await("/jobs", 2, WAIT);
            Map<String, JsonPath> byJob = new LinkedHashMap<>();
            for (WebhookReceiver.Request r : got) {
                JsonPath payload = new JsonPath(r.body());
                byJob.put(payload.getString("data.id"), payload);
                assertTrue(payload.get("created") instanceof Number, "ms time: " + r.body());
                assertEquals("job", payload.getString("data.object"));
            }
            assertEquals("job.succeeded", byJob.get(ok).getString("event"));
            assertEquals("succeeded", byJob.get(ok).getString("data.status"));
            assertNotNull(byJob.get(ok).getString("data.output"));
            assertEquals("job.failed", byJob.get(bad).getString("event"));
            assertEquals("source_unreachable", byJob.get(bad).getString("data.error.kind"));
            Tasks.sleep(1500);
            assertEquals(2, receiver.at("/jobs").size(), "one event per job");
        }
    }

    /** The ids of every page from {@code start} on, following the {@code rel} links, flattened. */
    private static List<String> walk(Project p, String start, Pattern rel) {
        return pages(p, start, rel).stream().flatMap(List::stream).toList();
    }

    private static List<List<String>> pages(Project p, String start, Pattern rel) {
        List<List<String>> pages = new ArrayList<>();
        String url = start;
        while (url != null) {
            Response r = env.api(p).get(url);
            r.then().statusCode(200);
            pages.add(r.jsonPath().getList("id"));
            String link = r.header("Link");
            Matcher m = link == null ? null : rel.matcher(link);
            url = m != null && m.find() ? m.group(1) : null;
            assertTrue(pages.size() < 50, "paging ends");
        }
        return pages;
    }

    private static void refused(Map<String, Object> body, int status, String kind, String field) {
        Response r = env.api(project).body(body).post("/jobs");
        r.then().statusCode(status).body("kind", equalTo(kind));
        if (field != null) {
            assertEquals(field, r.jsonPath().getString("field"), r.asString());
        }
        assertNotNull(r.jsonPath().getString("message"));
    }

    private static String create(Map<String, Object> body) {
        return env.api(project)
                .body(body)
                .post("/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static JsonPath awaitFinal(String jobId) {
        return poll("/jobs/" + jobId, job -> FINAL.contains(job.getString("status")));
    }

    private static JsonPath awaitTask(String taskId) {
        return poll("/tasks/" + taskId, task -> FINAL.contains(task.getString("status")));
    }

    private static JsonPath awaitStep(String jobId, int step, String status) {
        return poll("/jobs/" + jobId, job -> {
            assertTrue(!FINAL.contains(job.getString("status")), "finished before its step " + step + " was " + status);
            return status.equals(job.getString("tasks[" + step + "].status"));
        });
    }

    /** Polls {@code path} every 100 ms until {@code done} holds for its answer, at most {@link #WAIT}. */
    private static JsonPath poll(String path, java.util.function.Predicate<JsonPath> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath body =
                    env.api(project).get(path).then().statusCode(200).extract().jsonPath();
            if (done.test(body)) {
                return body;
            }
            Tasks.sleep(100);
        }
        fail(path + " did not get there within " + WAIT);
        return null;
    }

    private static ProbeResult probe(String url, String what) {
        try {
            Path file = Files.createTempFile(downloads, "output-", ".bin");
            Files.write(
                    file, RestAssured.get(url).then().statusCode(200).extract().asByteArray());
            return Ffprobe.probe(file, what);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
