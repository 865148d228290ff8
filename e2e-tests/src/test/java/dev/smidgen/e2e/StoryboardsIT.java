package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.e2e.Tasks.Media;
import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Storyboards end to end (docs/api/storyboards.md): a {@code thumbnails} conversion of a generated video
 * becomes a track of the media item, a WebVTT whose every cue points into a sprite sheet; the sheets are
 * probed for their size, every cue's rectangle lies inside its sheet and the cues run without a gap to the
 * video's end. A private project's track is signed once and its sheets load through the rewritten URLs; a
 * tampered signature is refused on the sheets too. Deleting the track purges every sheet; a corrupt input
 * fails and leaves none. Audio inputs and
 * bad options are refused at request time. The console's scrub bar shows the tile of the time under the
 * pointer.
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
class StoryboardsIT {
    private static final int SECONDS = 7;
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(180);
    private static final Pattern CUE = Pattern.compile(
            "(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) --> (\\d\\d:\\d\\d:\\d\\d\\.\\d{3})\\n([^#\\n]+)#xywh=(\\d+),(\\d+),(\\d+),(\\d+)");
    static TestStack env;
    static Project publicProject;
    static Project privateProject;
    static Media publicVideo;
    static Media privateVideo;
    static Path dir;

    @BeforeAll
    static void ingest() throws IOException {
        env = TestStack.get();
        dir = Files.createTempDirectory(Path.of("target"), "storyboards-");
        Path video = TestMedia.video(dir, "story-input", 640, 360, SECONDS, true);
        env.sources.server.file("/story-input.mp4", video, "video/mp4");
        publicProject = env.newProject("storyboards");
        privateProject = env.newPrivateProject("storyboards-private");
        publicVideo = Tasks.media(env, publicProject, env.sources.url("/story-input.mp4"));
        privateVideo = Tasks.media(env, privateProject, env.sources.url("/story-input.mp4"));
    }

    /** One cue of the track: its times in milliseconds and the rectangle it names in a sheet. */
    record Cue(long start, long end, String sheet, int x, int y, int w, int h) {}

    @Test
    void sheetsAndTrackAgreeAndTheMediaListsTheTrack() throws IOException {
        String taskId = Tasks.convert(
                env,
                publicProject,
                Map.of("media_id", publicVideo.id(), "kind", "thumbnails", "interval", 0.5, "columns", 4, "rows", 3));
        JsonPath task = Tasks.awaitCompleted(env, publicProject, taskId, TASK_TIMEOUT);
        assertEquals("thumbnails", task.getString("kind"));
        assertEquals("jpeg", task.getString("format"));
        assertEquals(0.5, task.getDouble("interval"), 0);
        assertEquals(160, task.getInt("width"));
        assertEquals(90, task.getInt("height"));
        assertEquals("thumbnails", task.getString("label"));
        assertEquals(1.0, task.getDouble("progress"), 0.0001);
        String fileId = task.getString("output.id");
        String vttUrl = task.getString("output.url");
        assertEquals(
                env.stack.deliveryUrl() + "/" + publicProject.id() + "/.thumbnails/" + fileId + "/thumbnails.vtt",
                vttUrl);
        assertEquals("track", task.getString("output.object"));
        assertEquals("thumbnails", task.getString("output.kind"));
        assertEquals("text/vtt", task.getString("output.type"));
        assertEquals("vtt", task.getString("output.format"));
        assertNull(task.getString("output.filename"));
        assertEquals(List.of(), TestStack.transcodeWorkDirsOf(taskId), "work directory removed");

        // A track of the media item, not a source, with its label as a top-level URL key.
        JsonPath media = env.api(publicProject)
                .get("/media/" + publicVideo.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(fileId), media.getList("data.tracks.id"));
        assertFalse(media.getList("data.sources.id").contains(fileId));
        assertEquals(vttUrl, media.getString("data.thumbnails"));
        double duration = media.getDouble("data.duration");
        long durationMs = Math.round(duration * 1000);
        int tiles = (int) ((durationMs + 499) / 500);
        assertEquals(tiles, task.getInt("output.frames"));

        // The newer API shape: the track among the files, its label among the URLs.
        JsonPath current = env.api(publicProject)
                .header("Accept-Version", "2025-08-20")
                .get("/media/" + publicVideo.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(current.getList("files.id").contains(fileId));
        assertEquals(vttUrl, current.getString("urls.thumbnails"));

        Response vttResponse = RestAssured.get(vttUrl);
        vttResponse.then().statusCode(200).contentType("text/vtt");
        assertTrue(vttResponse.header("Cache-Control").startsWith("public, max-age="));
        String vtt = vttResponse.asString();
        assertTrue(vtt.startsWith("WEBVTT\n"), vtt);
        List<Cue> cues = cues(vtt);
        assertEquals(tiles, cues.size(), vtt);

        // Every sheet: its type, a year of immutable caching, and its size as probed.
        Map<String, int[]> sheets = new LinkedHashMap<>();
        for (Cue cue : cues) {
            sheets.computeIfAbsent(cue.sheet(), name -> probeSheet(resolve(vttUrl, name), "image/jpeg"));
        }
        assertEquals(List.of("sheet-000.jpg", "sheet-001.jpg"), List.copyOf(sheets.keySet()));
        for (int[] size : sheets.values()) {
            assertEquals(640, size[0]);
            assertEquals(270, size[1]);
        }
        assertEquals(sheets.keySet().size(), task.getList("output.sheets").size());

        long previousEnd = 0;
        for (int i = 0; i < cues.size(); i++) {
            Cue cue = cues.get(i);
            assertEquals(previousEnd, cue.start(), "cue " + i + " starts where the one before ended");
            assertEquals(i * 500L, cue.start());
            assertTrue(cue.end() > cue.start(), "cue " + i + " is not empty");
            previousEnd = cue.end();
            int[] sheet = sheets.get(cue.sheet());
            assertEquals(160, cue.w());
            assertEquals(90, cue.h());
            assertTrue(cue.x() >= 0 && cue.x() + cue.w() <= sheet[0], "cue " + i + " inside its sheet: " + cue);
            assertTrue(cue.y() >= 0 && cue.y() + cue.h() <= sheet[1], "cue " + i + " inside its sheet: " + cue);
            assertEquals(i < 12 ? "sheet-000.jpg" : "sheet-001.jpg", cue.sheet());
            assertEquals((i % 12) % 4 * 160, cue.x());
            assertEquals((i % 12) / 4 * 90, cue.y());
        }
        assertEquals(durationMs, previousEnd, "the last cue ends at the video's end");

        RestAssured.get(resolve(vttUrl, "sheet-002.jpg")).then().statusCode(404);
        List<String> keys = env.objectKeysUnder(publicProject.id() + "/.thumbnails/" + fileId + "/");
        assertEquals(3, keys.size(), keys.toString());
    }

    @Test
    void aPrivateTrackIsSignedOnceAndItsSheetsLoadThroughTheRewrittenUrls() throws IOException {
        String taskId = Tasks.convert(
                env,
                privateProject,
                Map.of("media_id", privateVideo.id(), "kind", "thumbnails", "format", "webp", "width", 120));
        JsonPath task = Tasks.awaitCompleted(env, privateProject, taskId, TASK_TIMEOUT);
        String fileId = task.getString("output.id");
        String vttUrl = task.getString("output.url");
        assertEquals(1.0, task.getDouble("interval"), 0, "the default interval of a short video");
        RestAssured.get(vttUrl).then().statusCode(403).body("error.code", equalTo("signature_required"));
        RestAssured.get(resolve(vttUrl, "sheet-000.webp"))
                .then()
                .statusCode(403)
                .body("error.code", equalTo("signature_required"));

        String signed =
                Tasks.signPackage(env, privateProject, fileId, Instant.now().getEpochSecond() + 600);
        assertTrue(signed.startsWith(vttUrl + "?expiry="), signed);
        Response response = RestAssured.get(signed);
        response.then().statusCode(200).contentType("text/vtt");
        assertTrue(response.header("Cache-Control").startsWith("private, max-age="));
        String vtt = response.asString();
        String query = signed.substring(signed.indexOf('?') + 1);
        List<Cue> cues = cues(vtt);
        assertFalse(cues.isEmpty(), vtt);
        for (Cue cue : cues) {
            assertTrue(cue.sheet().equals("sheet-000.webp?" + query), cue.sheet());
        }
        // As a player resolves the cue's URL against the signed track's.
        String sheet = resolve(signed, cues.get(0).sheet());
        int[] size = probeSheet(sheet, "image/webp");
        assertEquals(cues.size() * 120, size[0]);
        assertEquals(68, size[1]);

        String forged = sheet.substring(0, sheet.length() - 2) + (sheet.endsWith("AA") ? "BB" : "AA");
        RestAssured.get(forged).then().statusCode(403).body("error.code", equalTo("signature_invalid"));
        String expiry = query.substring(0, query.indexOf('&'));
        String later = sheet.replace(expiry, "expiry=" + (Instant.now().getEpochSecond() + 900));
        RestAssured.get(later).then().statusCode(403).body("error.code", equalTo("signature_invalid"));
    }

    @Test
    void deletingTheTrackPurgesEverySheet() {
        String taskId = Tasks.convert(
                env,
                publicProject,
                Map.of(
                        "media_id",
                        publicVideo.id(),
                        "kind",
                        "thumbnails",
                        "interval",
                        0.25,
                        "columns",
                        3,
                        "rows",
                        3,
                        "label",
                        "scrub"));
        JsonPath task = Tasks.awaitCompleted(env, publicProject, taskId, TASK_TIMEOUT);
        String fileId = task.getString("output.id");
        String vttUrl = task.getString("output.url");
        String prefix = publicProject.id() + "/.thumbnails/" + fileId + "/";
        List<String> keys = env.objectKeysUnder(prefix);
        assertTrue(keys.size() >= 4, keys.toString()); // 28 thumbnails in 3×3 sheets: 4 sheets and the track
        String sheet = resolve(vttUrl, "sheet-001.jpg");
        RestAssured.get(sheet).then().statusCode(200);

        env.api(publicProject).delete("/files/" + fileId).then().statusCode(200);
        RestAssured.get(vttUrl).then().statusCode(404);
        RestAssured.get(sheet).then().statusCode(404);

        String purging = "api-purging-storyboards";
        env.stack
                .services()
                .startInstance(
                        ServiceFleet.API, purging, Map.of("SMIDGEN_RETENTION", "1s", "SMIDGEN_PURGE_INTERVAL", "1s"));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!env.objectKeysUnder(prefix).isEmpty()
                    || env.count("SELECT count(*) FROM files WHERE id = ?", fileId) > 0) {
                if (System.nanoTime() > deadline) {
                    fail("storyboard " + prefix + " was not purged: " + env.objectKeysUnder(prefix));
                }
                Tasks.sleep(250);
            }
        } finally {
            env.stack.services().stop(purging);
        }
    }

    @Test
    void aUrlIsIngestedThenStoryboardedAsOneTask() {
        JsonPath created = env.api(publicProject)
                .body(Map.of("url", env.sources.url("/story-input.mp4"), "kind", "thumbnails", "interval", 3.5))
                .post("/sources")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        JsonPath task = Tasks.awaitCompleted(env, publicProject, created.getString("data.id"), TASK_TIMEOUT);
        assertEquals(3.5, task.getDouble("interval"), 0);
        assertEquals(160, task.getInt("width"));
        String vtt = RestAssured.get(task.getString("output.url"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        List<Cue> cues = cues(vtt);
        assertEquals(task.getInt("output.frames"), cues.size());
        assertEquals(3500, cues.get(1).start());
        assertEquals("sheet-000.jpg", cues.get(1).sheet());
        assertEquals(160, cues.get(1).x());
    }

    @Test
    void aCorruptInputFailsCleanlyAndLeavesNoSheet() {
        Media victim = Tasks.media(env, publicProject, env.sources.url("/video.mp4"));
        String key = (String) env.query("SELECT storage_key FROM files WHERE id = ?", victim.fileId())
                .get(0)
                .get("storage_key");
        byte[] garbage = new byte[200_000];
        new java.util.Random(11).nextBytes(garbage);
        env.objects.write(key, garbage);

        String taskId = Tasks.convert(env, publicProject, Map.of("file_id", victim.fileId(), "kind", "thumbnails"));
        JsonPath task = Tasks.awaitFinished(env, publicProject, taskId, TASK_TIMEOUT);
        assertEquals("failed", task.getString("status"));
        assertEquals("unsupported_media", task.getString("error.code"));
        String fileId = (String) env.query("SELECT file_id FROM tasks WHERE id = ?", taskId)
                .get(0)
                .get("file_id");
        assertEquals(0, env.count("SELECT count(*) FROM files WHERE id = ?", fileId));
        assertEquals(List.of(), env.objectKeysUnder(publicProject.id() + "/.thumbnails/" + fileId + "/"));
        assertEquals(List.of(), TestStack.transcodeWorkDirsOf(taskId), "the task's work directory is removed");
    }

    @Test
    void audioAndBadOptionsAreRefusedAtRequestTime() {
        Media audio = Tasks.media(env, publicProject, env.sources.url("/audio.mp3"));
        env.api(publicProject)
                .body(Map.of("media_id", audio.id(), "kind", "thumbnails"))
                .post("/sources")
                .then()
                .statusCode(422)
                .body("error.code", equalTo("conversion_not_allowed"));
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(
                Map.entry("interval", 0.05),
                Map.entry("interval", "often"),
                Map.entry("columns", 0),
                Map.entry("rows", 21),
                Map.entry("width", 4000),
                Map.entry("height", 90),
                Map.entry("format", "png"),
                Map.entry("start", 1))) {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("media_id", publicVideo.id(), "kind", "thumbnails"));
            body.put(bad.getKey(), bad.getValue());
            env.api(publicProject)
                    .body(body)
                    .post("/tasks")
                    .then()
                    .statusCode(400)
                    .body("error.code", equalTo("invalid_request"))
                    .body("error.field", equalTo(bad.getKey()));
        }
        // Too many thumbnails for the video, and a thumbnail wider than it: 422 naming the option.
        env.api(publicProject)
                .body(Map.of(
                        "media_id", publicVideo.id(), "kind", "thumbnails", "width", 640, "columns", 20, "rows", 20))
                .post("/sources")
                .then()
                .statusCode(422)
                .body("error.code", equalTo("output_too_large"));
    }

    @Test
    void theConsolesScrubBarShowsTheThumbnailUnderThePointer() {
        Browser.require(); // without Chromium (and not required) the test is skipped
        Project project = env.newProject("storyboards-console");
        Media video = Tasks.media(env, project, env.sources.url("/story-input.mp4"));
        String taskId = Tasks.convert(
                env, project, Map.of("media_id", video.id(), "kind", "thumbnails", "columns", 3, "rows", 2));
        JsonPath task = Tasks.awaitCompleted(env, project, taskId, TASK_TIMEOUT);
        String fileId = task.getString("output.id");

        try (Browser browser = Browser.start()) {
            try {
                browser.open(env.stack.apiUrl() + "/console");
                Duration wait = Duration.ofSeconds(60);
                browser.await(wait, d -> d.findElement(By.id("api-key")).isDisplayed());
                browser.driver().findElement(By.id("api-key")).sendKeys(project.key());
                browser.driver()
                        .findElement(By.cssSelector("#sign-in-form button[type=submit]"))
                        .click();
                browser.await(
                        wait, d -> d.findElement(By.cssSelector(".media-grid")).isDisplayed());
                browser.open(env.stack.apiUrl() + "/console/#/media/" + video.id());
                WebElement bar = browser.await(
                        "the scrub bar",
                        wait,
                        d -> d.findElement(By.cssSelector("#scrub-bar[data-track='" + fileId + "'][data-cues]")));
                assertEquals(task.getString("output.frames"), bar.getAttribute("data-cues"), "every cue loaded");
                // About 7 s at 1 s in 3×2 sheets. At 70% (4.9 s): the fifth thumbnail, second row, second column.
                int width = bar.getRect().getWidth();
                new Actions(browser.driver())
                        .moveToElement(bar, (int) Math.round(width * 0.7) - width / 2, 0)
                        .perform();
                WebElement preview = browser.await("the preview", wait, d -> {
                    WebElement p = d.findElement(By.cssSelector(".storyboard-preview"));
                    return p.isDisplayed() ? p : null;
                });
                assertEquals("sheet-000.jpg", preview.getAttribute("data-sheet"));
                assertEquals("4", preview.getAttribute("data-start"));
                assertEquals("-160px -90px", browser.js("return arguments[0].style.backgroundPosition;", preview));
                assertTrue(String.valueOf(browser.js("return arguments[0].style.backgroundImage;", preview))
                        .contains("/.thumbnails/" + fileId + "/sheet-000.jpg"));
                // Past the first sheet: 6.5 s is the seventh thumbnail, first of the second sheet.
                new Actions(browser.driver())
                        .moveToElement(bar, (int) Math.round(width * 0.93) - width / 2, 0)
                        .perform();
                browser.await(
                        "the second sheet",
                        wait,
                        d -> "sheet-001.jpg".equals(preview.getAttribute("data-sheet")) ? preview : null);
                assertEquals(
                        "0px 0px",
                        browser.js("return arguments[0].style.backgroundPosition;", preview)
                                .toString()
                                .replace("-0px", "0px"));
                // A click seeks the video.
                bar.click();
                Number time = browser.await(
                        "the seek",
                        wait,
                        d -> (Number)
                                browser.js(
                                        "const v = document.getElementById('player'); return v.currentTime > 2 ? v.currentTime : null;"));
                assertTrue(time.doubleValue() > 2);
            } finally {
                browser.screenshot("storyboard-scrub");
            }
        }
    }

    private static List<Cue> cues(String vtt) {
        List<Cue> cues = new ArrayList<>();
        Matcher m = CUE.matcher(vtt);
        while (m.find()) {
            cues.add(new Cue(
                    millis(m.group(1)),
                    millis(m.group(2)),
                    m.group(3),
                    Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)),
                    Integer.parseInt(m.group(7))));
        }
        assertEquals(vtt.split("-->", -1).length - 1, cues.size(), "every cue parsed: " + vtt);
        return cues;
    }

    private static long millis(String stamp) {
        String[] p = stamp.split("[:.]");
        return ((Long.parseLong(p[0]) * 60 + Long.parseLong(p[1])) * 60 + Long.parseLong(p[2])) * 1000
                + Long.parseLong(p[3]);
    }

    /** A sheet's width and height, probed from its delivered bytes; checks its type and caching. */
    private static int[] probeSheet(String url, String type) {
        Response response = RestAssured.get(url);
        response.then().statusCode(200).contentType(type);
        assertTrue(
                response.header("Cache-Control").endsWith("max-age=31536000, immutable")
                        || response.header("Cache-Control").startsWith("private, max-age="),
                response.header("Cache-Control"));
        try {
            Path file = Files.createTempFile(dir, "sheet-", type.equals("image/webp") ? ".webp" : ".jpg");
            Files.write(file, response.asByteArray());
            ProbeResult probe = Ffprobe.probe(MediaInput.file(file), "storyboards-it");
            return new int[] {probe.width(), probe.height()};
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String resolve(String base, String relative) {
        return URI.create(base).resolve(relative).toString();
    }
}
