package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.testing.TestMedia;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Animated inputs end to end (docs/api/conversions.md#animated-inputs): an animated WebP, which FFmpeg
 * cannot decode, uploaded with its facts and converted to a video and a GIF; a damaged one refused; an
 * animated GIF converted to a video.
 */
class AnimatedInputsIT {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final double SECONDS = TestMedia.ANIMATED_WEBP_MILLIS / 1000.0;

    static TestStack env;
    static Project project;
    static Uploads uploads;
    static Path media;

    @BeforeAll
    static void start() throws IOException {
        env = TestStack.get();
        project = env.newProject("animated-inputs");
        uploads = new Uploads(env, project);
        media = Files.createTempDirectory(Path.of("target"), "animated-");
    }

    @Test
    void anAnimatedWebpUploadsWithItsFactsAndConvertsToVideoAndGif() throws IOException {
        Path webp = TestMedia.animatedWebp(media, false);
        String url = uploads.url(Map.of("filename", "loop.webp"));
        JsonPath uploaded = uploads.simple(url, webp, "image/webp")
                .statusCode(201)
                .body("data.kind", equalTo("image"))
                .extract()
                .jsonPath()
                .setRootPath("data");
        assertEquals(TestMedia.ANIMATED_WEBP_WIDTH, uploaded.getInt("width"));
        assertEquals(TestMedia.ANIMATED_WEBP_HEIGHT, uploaded.getInt("height"));
        assertTrue(uploaded.getBoolean("sources[0].animated"));
        assertTrue(uploaded.getBoolean("sources[0].transparency"));
        assertEquals(TestMedia.ANIMATED_WEBP_FRAMES, uploaded.getInt("sources[0].frames"));
        assertEquals(SECONDS, uploaded.getDouble("sources[0].duration"), 0.001);
        assertNotNull(uploaded.getString("placeholder"), "the summary comes from the first frame");
        String fileId = uploaded.getString("sources[0].id");

        String mp4 = Tasks.convert(env, project, Map.of("file_id", fileId, "kind", "video", "format", "mp4"));
        String gif =
                Tasks.convert(env, project, Map.of("file_id", fileId, "kind", "image", "format", "gif", "width", 80));

        Path video = download(finished(mp4, "mp4"), "out.mp4");
        ProbeResult out = Ffprobe.probe(video, "mp4 from webp");
        assertEquals("h264", out.codec());
        assertEquals(160, out.width());
        assertEquals(120, out.height());
        assertEquals(SECONDS, out.duration(), 1 / 30.0 + 0.01);

        Path animation = download(finished(gif, "gif"), "out.gif");
        ProbeResult looped = Ffprobe.probe(animation, "gif from webp");
        assertTrue(looped.animated());
        assertEquals(80, looped.width());
        assertEquals(60, looped.height());
        assertEquals(SECONDS, looped.duration(), 0.1);
        long frames = Long.parseLong(FfmpegRunner.shared()
                .run(
                        FfmpegInvocation.ffprobe(List.of(
                                "-v",
                                "error",
                                "-count_frames",
                                "-select_streams",
                                "v:0",
                                "-show_entries",
                                "stream=nb_read_frames",
                                "-of",
                                "csv=p=0",
                                "file:" + animation)),
                        "count")
                .stdoutText()
                .trim());
        assertTrue(Math.abs(frames - Math.round(SECONDS * 10)) <= 1, frames + " frames at 10 fps");
    }

    @Test
    void anAnimatedGifConvertsToAVideo() throws IOException {
        Path gif = media.resolve("loop.gif");
        FfmpegRunner.shared()
                .run(
                        FfmpegInvocation.ffmpeg(List.of(
                                "-nostdin",
                                "-v",
                                "error",
                                "-y",
                                "-f",
                                "lavfi",
                                "-i",
                                "testsrc2=s=160x120:r=10:d=2",
                                "file:" + gif)),
                        "gif");
        String url = uploads.url(Map.of("filename", "loop.gif"));
        JsonPath uploaded = uploads.simple(url, gif, "image/gif")
                .statusCode(201)
                .extract()
                .jsonPath()
                .setRootPath("data");
        assertTrue(uploaded.getBoolean("sources[0].animated"));
        String webm = Tasks.convert(
                env,
                project,
                Map.of("file_id", uploaded.getString("sources[0].id"), "kind", "video", "format", "webm"));
        ProbeResult out = Ffprobe.probe(download(finished(webm, "webm"), "gif.webm"), "webm from gif");
        assertEquals("vp9", out.codec());
        assertEquals(2.0, out.duration(), 0.1);
    }

    @Test
    void aTruncatedAnimatedWebpIsRefusedCleanly() throws IOException {
        byte[] whole = Files.readAllBytes(TestMedia.animatedWebp(media, true));
        Path truncated = Files.write(media.resolve("truncated.webp"), Arrays.copyOf(whole, whole.length / 2));
        Map<String, Object> session = uploads.session(Map.of("filename", "truncated.webp"));
        uploads.simple((String) session.get("url"), truncated, "image/webp")
                .statusCode(422)
                .body("error.code", equalTo("unsupported_media"));
        assertEquals(
                List.of(),
                env.objectKeys(project.id()).stream()
                        .filter(k -> k.contains((String) session.get("id")))
                        .toList(),
                "nothing stays in storage");
    }

    private static JsonPath finished(String taskId, String what) {
        JsonPath task = Tasks.awaitFinished(env, project, taskId, WAIT);
        assertEquals("completed", task.getString("status"), what + ": " + task.prettify());
        return task;
    }

    private static Path download(JsonPath task, String name) throws IOException {
        byte[] bytes = RestAssured.get(task.getString("output.url")).asByteArray();
        return Files.write(media.resolve(name), bytes);
    }
}
