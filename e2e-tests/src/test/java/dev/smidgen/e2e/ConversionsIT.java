package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.Tasks.Media;
import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.media.probe.ProbeResult;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Conversions end to end: every output format from generated inputs, checked with ffprobe; the
 * request-time rules; a URL converted as one task; a corrupt input failing cleanly; progress.
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
class ConversionsIT {
    static TestStack env;
    static Project project;
    static Media video;
    static Media image;
    static Media audio;
    static Media silent;
    static Path downloads;

    @BeforeAll
    static void ingestInputs() throws IOException {
        env = TestStack.get();
        project = env.newProject("conversions");
        video = media(env.sources.url("/video.mp4"));
        image = media(env.sources.url("/image.png"));
        audio = media(env.sources.url("/audio.mp3"));
        silent = media(env.sources.url("/silent.mp4"));
        downloads = Files.createTempDirectory(Path.of("target"), "conversions-");
    }

    /** What an output must be: its codec, size (null = not checked) and duration (null = none). */
    record Expect(String codec, Integer width, Integer height, Double duration) {}

    @Test
    void everyFormatFromGeneratedInputs() {
        Map<String, Expect> expected = new LinkedHashMap<>();
        Map<String, String> tasks = new LinkedHashMap<>();
        // Video input (640x360, 5 s, AAC tone): every video and audio format, every image format.
        submit(tasks, expected, video, "video", "mp4", 320, new Expect("h264", 320, 180, 5.0));
        submit(tasks, expected, video, "video", "webm", 320, new Expect("vp9", 320, 180, 5.0));
        submit(tasks, expected, video, "video", "mov", 320, new Expect("h264", 320, 180, 5.0));
        submit(tasks, expected, video, "video", "avi", 320, new Expect("mpeg4", 320, 180, 5.0));
        submit(tasks, expected, video, "audio", "mp3", null, new Expect("mp3", null, null, 5.0));
        submit(tasks, expected, video, "audio", "wav", null, new Expect("pcm_s16le", null, null, 5.0));
        submit(tasks, expected, video, "audio", "ogg", null, new Expect("opus", null, null, 5.0));
        submit(tasks, expected, video, "audio", "flac", null, new Expect("flac", null, null, 5.0));
        submit(tasks, expected, video, "image", "jpeg", 160, new Expect("mjpeg", 160, 90, null));
        submit(tasks, expected, video, "image", "png", 160, new Expect("png", 160, 90, null));
        submit(tasks, expected, video, "image", "webp", 160, new Expect("webp", 160, 90, null));
        submit(tasks, expected, video, "image", "gif", 160, new Expect("gif", 160, 90, null));
        // Image input (320x240 PNG) and audio input (3 s MP3).
        submit(tasks, expected, image, "image", "jpeg", 100, new Expect("mjpeg", 100, 75, null));
        submit(tasks, expected, image, "image", "webp", null, new Expect("webp", 320, 240, null));
        submit(tasks, expected, audio, "audio", "flac", null, new Expect("flac", null, null, 3.0));
        submit(tasks, expected, audio, "audio", "wav", null, new Expect("pcm_s16le", null, null, 3.0));
        // A silent video still becomes a video.
        submit(tasks, expected, silent, "video", "webm", null, new Expect("vp9", 320, 240, 3.0));

        for (Map.Entry<String, String> entry : tasks.entrySet()) {
            JsonPath task = Tasks.awaitFinished(env, project, entry.getValue(), Duration.ofSeconds(180));
            String what = entry.getKey();
            assertEquals(
                    "completed",
                    task.getString("status"),
                    () -> what + " ended with " + task.getString("error.message"));
            assertEquals(1.0, task.getDouble("progress"), 0.0001);
            ProbeResult probe = probeOutput(task.getString("output.url"), what);
            Expect want = expected.get(what);
            assertEquals(want.codec(), probe.codec(), what + " codec");
            if (want.width() != null) {
                assertEquals(want.width(), probe.width(), what + " width");
                assertEquals(want.height(), probe.height(), what + " height");
            }
            if (want.duration() != null) {
                assertEquals(want.duration(), probe.duration(), 0.1, what + " duration");
            }
            if (what.endsWith("gif") && what.startsWith(video.id())) {
                assertTrue(probe.animated(), "a gif of a video is animated");
            }
            assertEquals(task.getString("output.filesize"), String.valueOf(probe.filesize()), what + " size recorded");
            assertEquals(List.of(), TestStack.transcodeWorkDirsOf(entry.getValue()), what + " work directory removed");
        }
        // The sources joined their media, each under its label, labelled outputs as top-level URL keys.
        JsonPath media = env.api(project)
                .get("/media/" + video.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .setRootPath("data");
        List<String> labels = media.getList("sources.label");
        for (String label : List.of(
                "original",
                "video-mp4-320",
                "video-webm-320",
                "video-mov-320",
                "video-avi-320",
                "audio-mp3",
                "audio-wav",
                "audio-ogg",
                "audio-flac",
                "image-jpeg-160",
                "image-png-160",
                "image-webp-160",
                "image-gif-160")) {
            assertTrue(labels.contains(label), label + " in " + labels);
        }
        assertNotNull(media.getString("'video-mp4-320'"));
        assertNotNull(media.getString("'audio-mp3'"));
        assertNotNull(media.getString("'image-gif-160'"));
    }

    @Test
    void mp4OutputsStartWithTheirIndex() throws IOException {
        String taskId = convert(Map.of("file_id", video.fileId(), "kind", "video", "format", "mp4", "label", "web"));
        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(120));
        assertEquals("web", task.getString("output.label"));
        byte[] bytes = RestAssured.get(task.getString("output.url")).asByteArray();
        List<String> boxes = topLevelBoxes(bytes);
        assertTrue(boxes.indexOf("moov") >= 0 && boxes.indexOf("moov") < boxes.indexOf("mdat"), "faststart: " + boxes);
        // The media's top-level key is the label.
        env.api(project).get("/media/" + video.id()).then().body("data.web", equalTo(task.getString("output.url")));
    }

    /**
     * The audio files of the jobs generation's list on the 3 s 440 Hz MP3 tone: by quality and at an asked
     * rate, each probed for codec, container, length and rate, served with its type, and recognised as the
     * same type when ingested back.
     */
    @Test
    void aacAndOpusFilesFromATone() throws IOException {
        record Audio(String format, Long bitrate, String codec, String container, String extension, String type) {}
        // Quality 0.8 asks 128 kb/s of AAC and 96 kb/s of Opus (docs/api/conversions.md#quality).
        List<Audio> cases = List.of(
                new Audio("aac", null, "aac", "m4a", "m4a", "audio/mp4"),
                new Audio("aac", 64_000L, "aac", "m4a", "m4a", "audio/mp4"),
                new Audio("opus", null, "opus", "ogg", "opus", "audio/ogg; codecs=opus"),
                new Audio("opus", 64_000L, "opus", "ogg", "opus", "audio/ogg; codecs=opus"));
        Map<Audio, String> tasks = new LinkedHashMap<>();
        for (Audio c : cases) {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("file_id", audio.fileId(), "kind", "audio"));
            body.put("format", c.format());
            if (c.bitrate() != null) {
                body.put("bitrate", c.bitrate());
                body.put("label", c.format() + "-" + c.bitrate());
            }
            tasks.put(c, convert(body));
        }
        for (Map.Entry<Audio, String> entry : tasks.entrySet()) {
            Audio c = entry.getKey();
            JsonPath task = Tasks.awaitCompleted(env, project, entry.getValue(), Duration.ofSeconds(120));
            String what = c.format() + (c.bitrate() == null ? " by quality" : " at " + c.bitrate());
            String url = task.getString("output.url");
            assertTrue(url.endsWith("." + c.extension()), what + ": " + url);
            assertEquals(c.type(), task.getString("output.type"), what + " type");
            var delivered = RestAssured.get(url).then().statusCode(200).extract();
            // A parameter may be written with or without the space after ';': the same type either way.
            assertEquals(
                    c.type().replace(" ", ""), delivered.header("Content-Type").replace(" ", ""), what + " served as");
            byte[] bytes = delivered.asByteArray();
            ProbeResult probe = probeOutput(url, what);
            assertEquals(c.codec(), probe.codec(), what + " codec");
            assertEquals(c.container(), probe.container(), what + " container");
            assertEquals(3.0, probe.duration(), 0.1, what + " duration");
            long asked = c.bitrate() != null ? c.bitrate() : c.format().equals("aac") ? 128_000 : 96_000;
            if (c.bitrate() != null || c.format().equals("aac")) {
                // An asked rate (and AAC's quality rate, which is one too) holds within 15%, container included.
                assertEquals(asked, probe.bitrate(), asked * 0.15, what + " bit rate");
            } else {
                // Opus by quality is free VBR: it spends what the sound needs, within the range a request may ask.
                assertTrue(probe.bitrate() >= 32_000 && probe.bitrate() <= 320_000, what + ": " + probe.bitrate());
            }
            if (c.format().equals("aac")) {
                List<String> boxes = topLevelBoxes(bytes);
                assertTrue(
                        boxes.indexOf("moov") >= 0 && boxes.indexOf("moov") < boxes.indexOf("mdat"),
                        "faststart: " + boxes);
            }
            // Ingested back, the file is the same kind of audio with the same type.
            Media again = media(url);
            JsonPath original = env.api(project)
                    .get("/files/" + again.fileId())
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .setRootPath("data");
            assertEquals("audio", original.getString("kind"), what + " ingested kind");
            assertEquals(c.type(), original.getString("type"), what + " ingested type");
            assertEquals(c.container(), original.getString("container"), what + " ingested container");
        }
    }

    @Test
    void requestTimeRules() {
        long tasksBefore = env.count("SELECT count(*) FROM tasks WHERE project_id = ?", project.id());
        rejected(Map.of("file_id", audio.fileId(), "kind", "video", "format", "mp4"), 422, "conversion_not_allowed");
        rejected(Map.of("file_id", image.fileId(), "kind", "audio", "format", "mp3"), 422, "conversion_not_allowed");
        rejected(Map.of("media_id", image.id(), "kind", "video", "format", "webm"), 422, "conversion_not_allowed");
        rejected(Map.of("media_id", silent.id(), "kind", "audio", "format", "mp3"), 422, "conversion_not_allowed");
        rejected(
                Map.of("file_id", video.fileId(), "kind", "video", "format", "mp4", "width", 1280),
                422,
                "upscale_not_allowed");
        rejected(
                Map.of("file_id", image.fileId(), "kind", "image", "format", "png", "height", 241),
                422,
                "upscale_not_allowed");
        rejected(Map.of("file_id", video.fileId(), "kind", "video", "format", "mkv"), 400, "invalid_request");
        rejected(Map.of("file_id", video.fileId(), "kind", "audio", "format", "mp4"), 400, "invalid_request");
        rejected(Map.of("file_id", video.fileId(), "kind", "film", "format", "mp4"), 400, "invalid_request");
        rejected(
                Map.of("file_id", video.fileId(), "kind", "video", "format", "mp4", "quality", 2),
                400,
                "invalid_request");
        rejected(
                Map.of("file_id", video.fileId(), "kind", "video", "format", "mp4", "width", "wide"),
                400,
                "invalid_request");
        rejected(
                Map.of("file_id", video.fileId(), "kind", "video", "format", "mp4", "width", 0),
                400,
                "invalid_request");
        rejected(
                Map.of("file_id", video.fileId(), "kind", "audio", "format", "mp3", "width", 100),
                400,
                "invalid_request");
        rejected(Map.of("kind", "video", "format", "mp4"), 400, "invalid_request");
        rejected(
                Map.of("file_id", video.fileId(), "media_id", video.id(), "kind", "video", "format", "mp4"),
                400,
                "invalid_request");
        rejected(Map.of("file_id", "file_doesnotexist", "kind", "video", "format", "mp4"), 404, "not_found");
        rejected(Map.of("url", "ftp://example.com/a.mp4", "kind", "video", "format", "mp4"), 400, "invalid_request");
        rejected(
                Map.of("file_id", video.fileId(), "kind", "video", "format", "mp4", "webhook_url", "not a url"),
                400,
                "invalid_request");
        // Another project's media is not found, never forbidden.
        Project other = env.newProject("conversions-other");
        env.api(other)
                .body(Map.of("media_id", video.id(), "kind", "video", "format", "mp4"))
                .post("/sources")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"));
        // Nothing was created by any of them.
        assertEquals(tasksBefore, env.count("SELECT count(*) FROM tasks WHERE project_id = ?", project.id()));
    }

    @Test
    void anImageIsTakenAtTheChosenStart() throws IOException {
        Media clip = media(env.sources.url("/red-then-blue.mp4")); // red for 2 s, then blue
        String chosen = convert(Map.of("file_id", clip.fileId(), "kind", "image", "format", "png", "start", 3.0));
        String byDefault = convert(Map.of("file_id", clip.fileId(), "kind", "image", "format", "png")); // 1 s in
        JsonPath blue = Tasks.awaitFinished(env, project, chosen, Duration.ofSeconds(120));
        assertEquals("completed", blue.getString("status"), () -> blue.getString("error.message"));
        assertEquals(3.0, blue.getDouble("start"));
        assertEquals(0x0000FF, centreColour(blue.getString("output.url")));
        JsonPath red = Tasks.awaitFinished(env, project, byDefault, Duration.ofSeconds(120));
        assertEquals(0xFF0000, centreColour(red.getString("output.url")));

        rejected(
                Map.of("file_id", clip.fileId(), "kind", "image", "format", "jpeg", "start", 4.5),
                400,
                "invalid_request");
        rejected(
                Map.of("file_id", clip.fileId(), "kind", "image", "format", "jpeg", "start", -1),
                400,
                "invalid_request");
        rejected(
                Map.of("file_id", clip.fileId(), "kind", "image", "format", "jpeg", "start", "3s"),
                400,
                "invalid_request");
        rejected(Map.of("file_id", clip.fileId(), "kind", "image", "format", "png", "end", 1), 400, "invalid_request");
        rejected(
                Map.of("file_id", image.fileId(), "kind", "image", "format", "webp", "start", 1),
                400,
                "invalid_request");
    }

    /** The picture's centre pixel, rounded to pure red, green or blue (0xRRGGBB), as decoded by ImageIO. */
    private static int centreColour(String url) throws IOException {
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(
                RestAssured.get(url).then().statusCode(200).extract().asByteArray()));
        int rgb = picture.getRGB(picture.getWidth() / 2, picture.getHeight() / 2) & 0xFFFFFF;
        int rounded = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            rounded |= (((rgb >> shift) & 0xFF) >= 0x80 ? 0xFF : 0) << shift;
        }
        return rounded;
    }

    @Test
    void aUrlIsIngestedThenConvertedAsOneTask() {
        String taskId = env.api(project)
                .body(Map.of("url", env.sources.url("/video.mp4"), "kind", "audio", "format", "mp3"))
                .post("/sources")
                .then()
                .statusCode(201)
                .body("data.status", equalTo("pending"))
                .body("data.input", equalTo(env.sources.url("/video.mp4")))
                .extract()
                .path("data.id");
        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(120));
        assertEquals("completed", task.getString("status"), () -> task.getString("error.message"));
        assertEquals("audio-mp3", task.getString("output.label"));
        String mediaId = task.getString("output.media_id");
        List<String> labels = env.api(project)
                .get("/media/" + mediaId)
                .then()
                .statusCode(200)
                .extract()
                .path("data.sources.label");
        assertEquals(List.of("original", "audio-mp3"), labels);
        // A URL that cannot be ingested fails the conversion with the ingest's reason.
        String broken = env.api(project)
                .body(Map.of("url", env.sources.url("/notes.txt"), "kind", "video", "format", "mp4"))
                .post("/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        JsonPath failed = Tasks.awaitFinished(env, project, broken, Duration.ofSeconds(60));
        assertEquals("failed", failed.getString("status"));
        assertEquals("unsupported_media", failed.getString("error.code"));
        // A URL whose media breaks the matrix fails with the rule's code once its facts are known.
        String imageToVideo = env.api(project)
                .body(Map.of("url", env.sources.url("/image.png"), "kind", "video", "format", "mp4"))
                .post("/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        assertEquals(
                "conversion_not_allowed",
                Tasks.awaitFinished(env, project, imageToVideo, Duration.ofSeconds(60))
                        .getString("error.code"));
    }

    @Test
    void aCorruptInputFailsCleanly() {
        Media victim = media(env.sources.url("/video.mp4"));
        String key = (String) env.query("SELECT storage_key FROM files WHERE id = ?", victim.fileId())
                .get(0)
                .get("storage_key");
        byte[] garbage = new byte[200_000];
        new Random(7).nextBytes(garbage);
        env.objects.write(key, garbage);
        List<String> objectsBefore = env.objectKeys(project.id());

        String taskId = convert(Map.of("file_id", victim.fileId(), "kind", "video", "format", "webm"));
        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(60));
        assertEquals("failed", task.getString("status"));
        assertEquals("unsupported_media", task.getString("error.code"));
        assertNull(task.get("output"));
        String fileId = (String) env.query("SELECT file_id FROM tasks WHERE id = ?", taskId)
                .get(0)
                .get("file_id");
        assertEquals(0, env.count("SELECT count(*) FROM files WHERE id = ?", fileId));
        assertEquals(objectsBefore, env.objectKeys(project.id()));
        assertEquals(List.of(), TestStack.transcodeWorkDirsOf(taskId), "the task's work directory is removed");
        assertEquals(
                List.of(),
                env.objects.staged().stream().filter(f -> f.contains(taskId)).toList(),
                "no staged output is left");
    }

    @Test
    void progressRisesWhileItRuns() {
        Media big = media(env.sources.url("/long.mp4"));
        String taskId = convert(Map.of("file_id", big.fileId(), "kind", "video", "format", "webm"));
        List<Double> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        String status = "pending";
        while (!status.equals("completed") && !status.equals("failed") && System.nanoTime() < deadline) {
            JsonPath task = env.api(project)
                    .get("/tasks/" + taskId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .setRootPath("data");
            status = task.getString("status");
            double progress = task.getDouble("progress");
            if (seen.isEmpty() || progress != seen.get(seen.size() - 1)) {
                seen.add(progress);
            }
            Tasks.sleep(250);
        }
        assertEquals("completed", status);
        long between = seen.stream().filter(p -> p > 0 && p < 1).count();
        assertTrue(between >= 2, "progress reported while running: " + seen);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "progress never goes back: " + seen);
        }
    }

    private static void submit(
            Map<String, String> tasks,
            Map<String, Expect> expected,
            Media input,
            String kind,
            String format,
            Integer width,
            Expect expect) {
        Map<String, Object> body =
                new LinkedHashMap<>(Map.of("file_id", input.fileId(), "kind", kind, "format", format));
        if (width != null) {
            body.put("width", width);
        }
        String what = input.id() + " " + kind + "/" + format;
        tasks.put(what, convert(body));
        expected.put(what, expect);
    }

    private static String convert(Map<String, Object> body) {
        return Tasks.convert(env, project, body);
    }

    private static void rejected(Map<String, Object> body, int status, String code) {
        env.api(project).body(body).post("/tasks").then().statusCode(status).body("error.code", equalTo(code));
    }

    private static Media media(String url) {
        return Tasks.media(env, project, url);
    }

    private static ProbeResult probeOutput(String url, String what) {
        return Downloads.probe(downloads, url, what);
    }

    /** The ISO BMFF top-level box types in order (ftyp, moov, mdat, ...). */
    private static List<String> topLevelBoxes(byte[] bytes) {
        List<String> boxes = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int at = 0;
        while (at + 8 <= bytes.length) {
            long size = Integer.toUnsignedLong(buffer.getInt(at));
            String type = new String(bytes, at + 4, 4, StandardCharsets.US_ASCII);
            if (size == 1) {
                size = buffer.getLong(at + 8);
            }
            boxes.add(type);
            if (size < 8) {
                break;
            }
            at += (int) size;
        }
        return boxes;
    }
}
