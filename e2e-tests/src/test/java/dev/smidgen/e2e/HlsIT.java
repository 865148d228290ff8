package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.e2e.Tasks.Media;
import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.media.testing.HlsProof;
import dev.smidgen.media.testing.TestMedia;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Adaptive streaming end to end (docs/api/adaptive-streaming.md): an HLS conversion becomes one source
 * whose URL is the master playlist; FFmpeg's own HLS demuxer reads every rung through delivery, with
 * 4 s segments and keyframes aligned across rungs; types, caching and ranges; a private project's
 * package plays from its one signed master URL, and an expired or altered signature is refused on
 * every segment; deleting the source removes every object of the package.
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
class HlsIT {
    private static final int SECONDS = 8;
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(240);
    static TestStack env;
    static Project publicProject;
    static Project privateProject;
    static Media publicVideo;
    static Media privateVideo;

    @BeforeAll
    static void ingest() throws IOException {
        env = TestStack.get();
        Path dir = Files.createTempDirectory(Path.of("target"), "hls-");
        Path video = TestMedia.video(dir, "hls-input", 1280, 720, SECONDS, true);
        env.sources.server.file("/hls-input.mp4", video, "video/mp4");
        publicProject = env.newProject("hls");
        privateProject = env.newPrivateProject("hls-private");
        publicVideo = Tasks.media(env, publicProject, env.sources.url("/hls-input.mp4"));
        privateVideo = Tasks.media(env, privateProject, env.sources.url("/hls-input.mp4"));
    }

    @Test
    void aLadderFromOneRunPlaysRungByRungThroughDelivery() {
        String taskId = Tasks.convert(
                env, publicProject, Map.of("media_id", publicVideo.id(), "kind", "video", "format", "hls"));
        JsonPath task = Tasks.awaitCompleted(env, publicProject, taskId, TASK_TIMEOUT);
        assertEquals("hls", task.getString("format"));
        assertEquals(1.0, task.getDouble("progress"), 0.0001);
        String fileId = task.getString("output.id");
        String master = task.getString("output.url");
        assertEquals(env.stack.deliveryUrl() + "/" + publicProject.id() + "/.hls/" + fileId + "/master.m3u8", master);
        assertEquals("hls", task.getString("output.format"));
        assertEquals("application/vnd.apple.mpegurl", task.getString("output.type"));
        assertEquals(1280, task.getInt("output.width"));
        assertEquals(List.of("720p", "480p", "360p", "240p", "audio"), task.getList("output.renditions.name"));
        assertEquals(List.of(), TestStack.transcodeWorkDirsOf(taskId), "work directory removed");

        // One source of the media item, among its others.
        JsonPath media = env.api(publicProject)
                .get("/media/" + publicVideo.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(media.getList("data.sources.id").contains(fileId));

        Response masterResponse = RestAssured.get(master);
        masterResponse.then().statusCode(200).contentType("application/vnd.apple.mpegurl");
        assertTrue(masterResponse.header("Cache-Control").startsWith("public, max-age="));
        String masterText = masterResponse.asString();
        List<String> variants = masterText
                .lines()
                .filter(l -> l.startsWith("#EXT-X-STREAM-INF:"))
                .toList();
        assertEquals(4, variants.size(), masterText);
        for (String v : variants) {
            for (String attr : List.of(
                    "BANDWIDTH=",
                    "AVERAGE-BANDWIDTH=",
                    "CODECS=\"avc1.",
                    "RESOLUTION=",
                    "FRAME-RATE=25.000",
                    "AUDIO=\"audio\"")) {
                assertTrue(v.contains(attr), attr + " in " + v);
            }
        }
        assertTrue(masterText.contains("#EXT-X-MEDIA:TYPE=AUDIO"), masterText);

        List<Double> reference = null;
        for (String rendition : List.of("720p", "480p", "360p", "240p", "audio")) {
            String playlistUrl = resolve(master, rendition + "/index.m3u8");
            String playlist = RestAssured.get(playlistUrl)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            List<Double> segments = HlsProof.segmentSeconds(playlist);
            assertEquals(
                    SECONDS, segments.stream().mapToDouble(Double::doubleValue).sum(), 0.2, rendition);
            HlsProof.decode(playlistUrl);
            HlsProof.Read read = HlsProof.read(playlistUrl);
            assertTrue(read.lastPts() > SECONDS - 0.5, rendition + " read to its end");
            if (!rendition.equals("audio")) {
                assertEquals(List.of(4.0, 4.0), segments, rendition);
                assertEquals(SECONDS * 25, read.packets(), rendition);
                if (reference == null) {
                    reference = read.keyframes();
                    assertEquals(SECONDS / 2, reference.size(), reference.toString());
                } else {
                    assertEquals(reference, read.keyframes(), rendition + " keyframes align with 720p");
                }
            }
        }

        // A segment: its type, a year of immutable caching, and ranges.
        String segment = resolve(master, "720p/seg_00001.m4s");
        Response whole = RestAssured.get(segment);
        whole.then().statusCode(200).contentType("video/iso.segment").header("Accept-Ranges", "bytes");
        assertEquals("public, max-age=31536000, immutable", whole.header("Cache-Control"));
        byte[] bytes = whole.asByteArray();
        Response part = RestAssured.given().header("Range", "bytes=100-199").get(segment);
        part.then().statusCode(206).header("Content-Range", "bytes 100-199/" + bytes.length);
        assertArrayEquals(Arrays.copyOfRange(bytes, 100, 200), part.asByteArray());
        RestAssured.given()
                .header("If-None-Match", whole.header("ETag"))
                .get(segment)
                .then()
                .statusCode(304);
        RestAssured.get(resolve(master, "720p/seg_09999.m4s")).then().statusCode(404);
        RestAssured.get(resolve(master, "720p/../../" + fileId + "/master.m3u8"))
                .then()
                .statusCode(200);
        List<String> keys = env.objectKeys(publicProject.id()).stream()
                .filter(k -> k.startsWith(publicProject.id() + "/.hls/" + fileId + "/"))
                .toList();
        // master, and per rendition a playlist, an init segment and its media segments (audio: 2 or 3).
        assertTrue(keys.size() >= 1 + 4 * 4 + 4, keys.toString());
    }

    @Test
    void adaptiveVideoIsTheSameConversionAndWidthPicksTheTopRung() {
        JsonPath created = env.api(publicProject)
                .body(Map.of("media_id", publicVideo.id(), "kind", "adaptive_video", "width", 640))
                .post("/sources")
                .then()
                .statusCode(201)
                .body("data.kind", equalTo("video"))
                .body("data.format", equalTo("hls"))
                .body("data.width", equalTo(640))
                .body("data.height", equalTo(360))
                .extract()
                .jsonPath();
        JsonPath task = Tasks.awaitCompleted(env, publicProject, created.getString("data.id"), TASK_TIMEOUT);
        assertEquals(List.of("360p", "240p", "audio"), task.getList("output.renditions.name"));
        env.api(publicProject)
                .body(Map.of("media_id", publicVideo.id(), "kind", "adaptive_video", "format", "mp4"))
                .post("/sources")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"));
        env.api(publicProject)
                .body(Map.of("media_id", publicVideo.id(), "kind", "video", "format", "hls", "width", 2560))
                .post("/sources")
                .then()
                .statusCode(422)
                .body("error.code", equalTo("upscale_not_allowed"));
    }

    @Test
    void aPrivatePackagePlaysFromItsSignedMasterUrlOnly() throws Exception {
        String taskId =
                Tasks.convert(env, privateProject, Map.of("media_id", privateVideo.id(), "kind", "adaptive_video"));
        JsonPath task = Tasks.awaitCompleted(env, privateProject, taskId, TASK_TIMEOUT);
        String fileId = task.getString("output.id");
        String master = task.getString("output.url");
        String segment = resolve(master, "480p/seg_00000.m4s");
        RestAssured.get(master).then().statusCode(403).body("error.code", equalTo("signature_required"));
        RestAssured.get(segment).then().statusCode(403).body("error.code", equalTo("signature_required"));

        String signed =
                Tasks.signPackage(env, privateProject, fileId, Instant.now().getEpochSecond() + 600);
        assertTrue(signed.startsWith(master + "?expiry="), signed);
        Response masterResponse = RestAssured.get(signed);
        masterResponse.then().statusCode(200).contentType("application/vnd.apple.mpegurl");
        assertTrue(masterResponse.header("Cache-Control").startsWith("private, max-age="));
        String masterText = masterResponse.asString();
        String query = signed.substring(signed.indexOf('?') + 1);
        // Every URI of every playlist carries the package signature at the same expiry.
        String expiry = query.substring(0, query.indexOf('&'));
        for (String uri : HlsProof.uris(masterText)) {
            assertTrue(uri.contains("?" + expiry + "&method=get&signature="), uri);
        }
        String rendition = resolve(
                signed,
                HlsProof.uris(masterText).stream()
                        .filter(u -> u.startsWith("480p/"))
                        .findFirst()
                        .orElseThrow());
        String playlist =
                RestAssured.get(rendition).then().statusCode(200).extract().asString();
        List<String> segmentUris = HlsProof.uris(playlist);
        assertFalse(segmentUris.isEmpty());
        for (String uri : segmentUris) {
            assertTrue(uri.contains("?" + expiry + "&method=get&signature="), uri);
            RestAssured.get(resolve(rendition, uri)).then().statusCode(200);
        }
        // A player that was given only the signed master URL: FFmpeg's demuxer reads every rendition.
        HlsProof.decode(signed);
        HlsProof.Read read = HlsProof.read(rendition);
        assertEquals(SECONDS * 25, read.packets());

        // Tampered: another signature, another expiry, or a signature of another package.
        String signedSegment = resolve(rendition, segmentUris.get(1));
        String forged =
                signedSegment.substring(0, signedSegment.length() - 2) + (signedSegment.endsWith("AA") ? "BB" : "AA");
        RestAssured.get(forged).then().statusCode(403).body("error.code", equalTo("signature_invalid"));
        String later = signedSegment.replace(expiry, "expiry=" + (Instant.now().getEpochSecond() + 900));
        RestAssured.get(later).then().statusCode(403).body("error.code", equalTo("signature_invalid"));
        RestAssured.get(signed.replace(fileId, publicVideo.fileId()))
                .then()
                .statusCode(403)
                .body("error.code", equalTo("signature_invalid"));

        // Expired: every object is refused, segments included.
        String shortLived =
                Tasks.signPackage(env, privateProject, fileId, Instant.now().getEpochSecond() + 2);
        String shortPlaylist =
                RestAssured.get(shortLived).then().statusCode(200).extract().asString();
        String shortRendition = resolve(shortLived, HlsProof.uris(shortPlaylist).get(1));
        String shortSegments =
                RestAssured.get(shortRendition).then().statusCode(200).extract().asString();
        String shortSegment =
                resolve(shortRendition, HlsProof.uris(shortSegments).get(1));
        RestAssured.get(shortSegment).then().statusCode(200);
        Thread.sleep(3000);
        for (String url : List.of(shortLived, shortRendition, shortSegment)) {
            RestAssured.get(url).then().statusCode(403).body("error.code", equalTo("signature_expired"));
        }
    }

    @Test
    void deletingThePackageDeletesEverySegment() {
        String taskId = Tasks.convert(
                env,
                publicProject,
                Map.of("media_id", publicVideo.id(), "kind", "video", "format", "hls", "width", 426, "label", "gone"));
        JsonPath task = Tasks.awaitCompleted(env, publicProject, taskId, TASK_TIMEOUT);
        String fileId = task.getString("output.id");
        String master = task.getString("output.url");
        String prefix = publicProject.id() + "/.hls/" + fileId + "/";
        assertFalse(env.objectKeysUnder(prefix).isEmpty());
        String segment = resolve(master, "240p/seg_00000.m4s");
        RestAssured.get(segment).then().statusCode(200);
        env.api(publicProject)
                .body(Map.of("filename", "x.m3u8"))
                .patch("/files/" + fileId)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"));

        env.api(publicProject).delete("/files/" + fileId).then().statusCode(200);
        RestAssured.get(master).then().statusCode(404);
        RestAssured.get(segment).then().statusCode(404);

        String purging = "api-purging-hls";
        env.stack
                .services()
                .startInstance(
                        ServiceFleet.API, purging, Map.of("SMIDGEN_RETENTION", "1s", "SMIDGEN_PURGE_INTERVAL", "1s"));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!env.objectKeysUnder(prefix).isEmpty()
                    || env.count("SELECT count(*) FROM files WHERE id = ?", fileId) > 0) {
                if (System.nanoTime() > deadline) {
                    fail("package " + prefix + " was not purged: " + env.objectKeysUnder(prefix));
                }
                Tasks.sleep(250);
            }
        } finally {
            env.stack.services().stop(purging);
        }
    }

    @Test
    void aCorruptInputFailsCleanlyAndLeavesNoPackage() {
        Media victim = Tasks.media(env, publicProject, env.sources.url("/video.mp4"));
        String key = (String) env.query("SELECT storage_key FROM files WHERE id = ?", victim.fileId())
                .get(0)
                .get("storage_key");
        byte[] garbage = new byte[200_000];
        new java.util.Random(7).nextBytes(garbage);
        env.objects.write(key, garbage);

        String taskId = Tasks.convert(env, publicProject, Map.of("file_id", victim.fileId(), "kind", "adaptive_video"));
        JsonPath task = Tasks.awaitFinished(env, publicProject, taskId, TASK_TIMEOUT);
        assertEquals("failed", task.getString("status"));
        assertEquals("unsupported_media", task.getString("error.code"));
        String fileId = (String) env.query("SELECT file_id FROM tasks WHERE id = ?", taskId)
                .get(0)
                .get("file_id");
        assertEquals(0, env.count("SELECT count(*) FROM files WHERE id = ?", fileId));
        assertEquals(List.of(), env.objectKeysUnder(publicProject.id() + "/.hls/" + fileId + "/"));
        assertEquals(List.of(), TestStack.transcodeWorkDirsOf(taskId), "the task's work directory is removed");
    }

    /** {@code relative} resolved against {@code base} as a player resolves a playlist's URIs. */
    private static String resolve(String base, String relative) {
        return URI.create(base).resolve(relative).toString();
    }
}
