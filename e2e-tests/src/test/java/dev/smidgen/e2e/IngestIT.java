package dev.smidgen.e2e;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.media.testing.TestMedia;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** URL ingest end to end: probed facts exactly, stored bytes intact, delivery with ranges and ETags. */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
@Order(10)
class IngestIT {
    static TestStack env;
    static Project project;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("ingest");
    }

    @Test
    void postFilesIngestsAVideoAndReportsItsProbedFacts() throws Exception {
        JsonPath file = env.api(project)
                .body(Map.of("url", env.sources.url("/video.mp4"), "folder", "clips/2026", "filename", "intro.mp4"))
                .post("/files")
                .then()
                .statusCode(201)
                .body("data.object", equalTo("source"))
                .body("data.id", matchesPattern("file_[a-z0-9]{12}"))
                .body("data.kind", equalTo("video"))
                .body("data.type", equalTo("video/mp4"))
                .body("data.codec", equalTo("h264"))
                .body("data.width", equalTo(TestMedia.VIDEO_WIDTH))
                .body("data.height", equalTo(TestMedia.VIDEO_HEIGHT))
                .body("data.fps", equalTo(TestMedia.VIDEO_FPS))
                .body("data.duration", closeTo(TestMedia.VIDEO_SECONDS, 0.1))
                .body("data.filesize", equalTo((int) Files.size(env.sources.video)))
                .body("data.orientation", equalTo("landscape"))
                .body("data.folder", equalTo("clips/2026"))
                .body("data.filename", equalTo("intro.mp4"))
                .body("data.status", equalTo("ready"))
                .body("data.original", equalTo(true))
                .body("data.checksum", equalTo("sha256:" + Sources.sha256(env.sources.video)))
                .body("data.url", equalTo(env.stack.deliveryUrl() + "/" + project.id() + "/clips/2026/intro.mp4"))
                .body("meta.type", equalTo("object"))
                .body("meta.project_id", equalTo(project.id()))
                .body("meta.id", matchesPattern("req_[a-z0-9]{16}"))
                .body("error", nullValue())
                .extract()
                .jsonPath()
                .setRootPath("data");

        byte[] original = Files.readAllBytes(env.sources.video);
        byte[] delivered = RestAssured.get(file.getString("url"))
                .then()
                .statusCode(200)
                .header("Content-Type", "video/mp4")
                .header("Accept-Ranges", "bytes")
                .extract()
                .asByteArray();
        assertEquals(Sources.sha256(original), Sources.sha256(delivered));
        assertTrue(env.objectKeys(project.id()).contains(project.id() + "/clips/2026/intro.mp4"));
    }

    @Test
    void deliverySupportsRangesEtagsAndHead() throws Exception {
        String url = env.api(project)
                .body(Map.of("url", env.sources.url("/video.mp4")))
                .post("/files")
                .then()
                .statusCode(201)
                .extract()
                .path("data.url");
        byte[] original = Files.readAllBytes(env.sources.video);

        Response range = RestAssured.given().header("Range", "bytes=100-1123").get(url);
        assertEquals(206, range.statusCode());
        assertEquals("bytes 100-1123/" + original.length, range.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(original, 100, 1124), range.asByteArray());

        Response suffix = RestAssured.given().header("Range", "bytes=-10").get(url);
        assertArrayEquals(Arrays.copyOfRange(original, original.length - 10, original.length), suffix.asByteArray());

        RestAssured.given()
                .header("Range", "bytes=" + original.length + "-")
                .get(url)
                .then()
                .statusCode(416)
                .header("Content-Range", "bytes */" + original.length);

        String etag = RestAssured.head(url)
                .then()
                .statusCode(200)
                .header("Content-Length", String.valueOf(original.length))
                .extract()
                .header("ETag");
        assertEquals("\"" + Sources.sha256(original) + "\"", etag);
        RestAssured.given().header("If-None-Match", etag).get(url).then().statusCode(304);
        RestAssured.get(env.stack.deliveryUrl() + "/" + project.id() + "/nothing-here.mp4")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void aDownloadOfSeveralPartsIsStoredWhole() throws Exception {
        // On S3 (5 MiB parts in the tests) the worker uploads the first part while the rest is still coming.
        JsonPath file = env.api(project)
                .body(Map.of("url", env.sources.url("/parts.wav")))
                .post("/files")
                .then()
                .statusCode(201)
                .body("data.type", equalTo("audio/wav"))
                .body("data.filesize", equalTo((int) Files.size(env.sources.partsWav)))
                .body("data.checksum", equalTo("sha256:" + Sources.sha256(env.sources.partsWav)))
                .extract()
                .jsonPath()
                .setRootPath("data");
        String key = project.id() + "/" + file.getString("id") + ".wav";
        assertTrue(env.objectKeys(project.id()).contains(key));
        assertArrayEquals(Files.readAllBytes(env.sources.partsWav), env.objects.read(key));
        assertArrayEquals(
                Files.readAllBytes(env.sources.partsWav),
                RestAssured.get(file.getString("url")).asByteArray());
        assertEquals(
                List.of(),
                env.objects.staged().stream()
                        .filter(s -> s.startsWith(project.id() + "/"))
                        .toList(),
                "no multipart upload is left open");
    }

    @Test
    void postMediaIngestsAnImageWithPlaceholderAndBackground() {
        env.api(project)
                .body(Map.of(
                        "url",
                        env.sources.url("/image.png"),
                        "title",
                        "A test card",
                        "metadata",
                        Map.of("user_id", "123", "n", 5)))
                .post("/media")
                .then()
                .statusCode(201)
                .body("data.object", equalTo("media"))
                .body("data.id", matchesPattern("med_[a-z0-9]{12}"))
                .body("data.kind", equalTo("image"))
                .body("data.title", equalTo("A test card"))
                .body("data.width", equalTo(TestMedia.PNG_WIDTH))
                .body("data.height", equalTo(TestMedia.PNG_HEIGHT))
                .body("data.duration", nullValue())
                .body("data.sources", hasSize(1))
                .body("data.sources[0].type", equalTo("image/png"))
                .body("data.sources[0].label", equalTo("original"))
                .body("data.tracks", hasSize(0))
                .body("data.intelligence", hasSize(0))
                .body("data.original", startsWith(env.stack.deliveryUrl() + "/" + project.id() + "/file_"))
                .body("data.total_filesize", equalTo((int)
                        env.sources.png.toFile().length()))
                .body("data.placeholder", startsWith("data:image/"))
                .body("data.background", matchesPattern("#[0-9A-F]{6}"))
                .body("data.metadata.user_id", equalTo("123"))
                .body("data.metadata.n", equalTo(5))
                .body("data.status", equalTo("active"));
    }

    @Test
    void audioHasNoPictureFacts() {
        env.api(project)
                .body(Map.of("url", env.sources.url("/audio.mp3")))
                .post("/files")
                .then()
                .statusCode(201)
                .body("data.kind", equalTo("audio"))
                .body("data.type", equalTo("audio/mpeg"))
                .body("data.codec", equalTo("mp3"))
                .body("data.width", nullValue())
                .body("data.duration", closeTo(TestMedia.MP3_SECONDS, 0.1))
                .body("data.filename", matchesPattern("file_[a-z0-9]{12}\\.mp3"));
    }

    @Test
    void ingestTaskRunsInTheBackgroundAndReportsItsOutput() {
        Response created = env.api(project)
                .body(Map.of("kind", "ingest", "url", env.sources.url("/to-video"), "folder", "async"))
                .post("/tasks");
        created.then()
                .statusCode(201)
                .body("data.object", equalTo("task"))
                .body("data.kind", equalTo("ingest"))
                .body("data.status", equalTo("pending"))
                .body("data.id", matchesPattern("task_[a-z0-9]{12}"))
                .body("links.self", equalTo(env.stack.apiUrl() + "/tasks/" + created.path("data.id")));
        String taskId = created.path("data.id");

        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(60));
        assertEquals("completed", task.getString("status"));
        assertEquals(1.0, task.getDouble("progress"));
        assertEquals("video", task.getString("output.kind"));
        assertEquals("async", task.getString("output.folder"));
        String fileId = task.getString("output.id");
        env.api(project)
                .get("/files/" + fileId)
                .then()
                .statusCode(200)
                .body("data.media_id", matchesPattern("med_[a-z0-9]{12}"));
        // tsk_ is accepted as an alias of task_
        env.api(project)
                .get("/tasks/" + taskId.replace("task_", "tsk_"))
                .then()
                .statusCode(200)
                .body("data.id", equalTo(taskId));
        env.api(project)
                .get("/tasks?kind=ingest&status=completed&limit=100")
                .then()
                .statusCode(200)
                .body("meta.type", equalTo("list"))
                .body("data.id", hasItem(taskId));
    }

    @Test
    void workersExposeIngestMetrics() {
        env.api(project)
                .body(Map.of("url", env.sources.url("/audio.mp3")))
                .post("/files")
                .then()
                .statusCode(201);
        String metrics = RestAssured.get(
                        env.stack.services().instance("ingest-worker").managementUrl() + "/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(
                metrics.contains(
                        "smidgen_task_duration_seconds_count{kind=\"ingest\",media=\"audio\",outcome=\"completed\"}"),
                metrics);
        assertTrue(metrics.contains("smidgen_ingest_bytes_total"));
        // The backlog by kind, from the database, refreshed by the api-service every 15 s.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String api = "";
        while (!api.contains("smidgen_tasks{kind=\"ingest\",status=\"pending\"}") && System.nanoTime() < deadline) {
            Tasks.sleep(500);
            api = RestAssured.get(env.stack.services().instance("api-service").managementUrl() + "/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
        }
        assertTrue(api.contains("smidgen_tasks{kind=\"video\",status=\"processing\"}"), api);
    }
}
