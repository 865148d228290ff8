package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.Tasks.Media;
import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The encoding options end to end (docs/api/conversions.md#options), on a 2 s 320x240 clip and a
 * 640x240 red-beside-blue picture: codecs in their containers, named qualities, fit and position,
 * clips, frame rate and bit rate, and the requests refused with their codes.
 */
class EncodingOptionsIT {
    private static final Duration WAIT = Duration.ofSeconds(180);

    static TestStack env;
    static Project project;
    static Media clip;
    static Media picture;
    static Path downloads;

    @BeforeAll
    static void ingestInputs() throws IOException {
        env = TestStack.get();
        project = env.newProject("encoding");
        clip = Tasks.media(env, project, env.sources.url("/clip.mp4"));
        picture = Tasks.media(env, project, env.sources.url("/red-beside-blue.png"));
        downloads = Files.createTempDirectory(Path.of("target"), "encoding-");
    }

    @Test
    void everyCodecInTheContainersThatHoldIt() throws IOException {
        Map<String, String> tasks = new LinkedHashMap<>();
        Map<String, String> probed = Map.of("h264", "h264", "h265", "hevc", "vp9", "vp9", "av1", "av1");
        for (String pair : List.of("mp4/h264", "mp4/h265", "mp4/av1", "webm/vp9", "webm/av1", "mov/h264", "mov/h265")) {
            String[] parts = pair.split("/");
            tasks.put(
                    pair,
                    convert(Map.of(
                            "file_id",
                            clip.fileId(),
                            "kind",
                            "video",
                            "format",
                            parts[0],
                            "codec",
                            parts[1],
                            "width",
                            160)));
        }
        for (Map.Entry<String, String> entry : tasks.entrySet()) {
            String pair = entry.getKey();
            JsonPath task = finished(entry.getValue(), pair);
            assertEquals(pair.split("/")[1], task.getString("codec"), pair + " echoed");
            Path file = download(task.getString("output.url"));
            ProbeResult out = Ffprobe.probe(file, pair);
            assertEquals(probed.get(pair.split("/")[1]), out.codec(), pair);
            assertEquals(160, out.width(), pair);
            assertEquals(120, out.height(), pair);
            assertEquals(2.0, out.duration(), 0.1, pair);
            if (pair.endsWith("h265")) {
                assertEquals("hvc1", ffprobe(file, "stream=codec_tag_string", false), pair + " tag");
            }
        }
    }

    @Test
    void eachNamedQualityIsLargerThanTheStepBelow() {
        List<String> steps = List.of("very_low", "low", "medium", "high", "very_high");
        List<String> ids = new ArrayList<>();
        for (String step : steps) {
            ids.add(convert(Map.of("file_id", clip.fileId(), "kind", "video", "format", "mp4", "quality", step)));
        }
        long previous = 0;
        for (int i = 0; i < steps.size(); i++) {
            JsonPath task = finished(ids.get(i), steps.get(i));
            assertEquals(steps.get(i), task.getString("quality_preset"));
            long size = task.getLong("output.filesize");
            assertTrue(size > previous, steps.get(i) + " made " + size + " bytes, the step below " + previous);
            previous = size;
        }
    }

    @Test
    void fitPositionAndBackground() throws IOException {
        String left = convert(picture("png", Map.of("fit", "cover", "position", "left")));
        String right = convert(picture("png", Map.of("fit", "cover", "position", "right")));
        String top = convert(picture("png", Map.of("fit", "contain", "position", "top", "background", "#00ff00")));
        String stretched = convert(picture("jpeg", Map.of()));
        String half = convert(Map.of("file_id", picture.fileId(), "kind", "image", "format", "png", "width", "50%"));

        BufferedImage keptLeft = image(finished(left, "cover left"));
        assertEquals(240, keptLeft.getWidth());
        assertEquals(240, keptLeft.getHeight());
        assertEquals(0xFF0000, pure(keptLeft, 120, 120));
        assertEquals(0xFF0000, pure(keptLeft, 230, 120));
        assertEquals(0x0000FF, pure(image(finished(right, "cover right")), 10, 120));
        BufferedImage padded = image(finished(top, "contain top"));
        assertEquals(240, padded.getHeight());
        assertEquals(0xFF0000, pure(padded, 60, 40));
        assertEquals(0x00FF00, pure(padded, 120, 200));
        BufferedImage fill = image(finished(stretched, "fill"));
        assertEquals(0xFF0000, pure(fill, 60, 120));
        assertEquals(0x0000FF, pure(fill, 180, 120));
        JsonPath halved = finished(half, "50%");
        assertEquals(320, halved.getInt("width"));
        assertEquals(120, halved.getInt("height"));
        assertEquals(320, image(halved).getWidth());
    }

    @Test
    void clipsFrameRateAndBitRate() throws IOException {
        String video = convert(Map.of(
                "file_id",
                clip.fileId(),
                "kind",
                "video",
                "format",
                "mp4",
                "start",
                0.5,
                "end",
                1.5,
                "fps",
                10,
                "bitrate",
                300_000));
        String audio = convert(Map.of(
                "file_id",
                clip.fileId(),
                "kind",
                "audio",
                "format",
                "mp3",
                "start",
                0.5,
                "end",
                1.5,
                "bitrate",
                128_000));
        Path videoFile = download(finished(video, "video clip").getString("output.url"));
        ProbeResult out = Ffprobe.probe(videoFile, "video clip");
        assertEquals(1.0, out.duration(), 0.1, "video clip duration");
        assertEquals(10.0, out.fps(), 0.01);
        long frames = Long.parseLong(ffprobe(videoFile, "stream=nb_read_frames", true));
        assertTrue(Math.abs(frames - 10) <= 1, frames + " frames in 1 s at 10 fps");
        ProbeResult sound = Ffprobe.probe(download(finished(audio, "audio clip").getString("output.url")), "audio");
        assertEquals(1.0, sound.duration(), 0.05, "audio clip duration");
        assertEquals(128_000, sound.bitrate(), 16_000, "constant audio bit rate");
    }

    @Test
    void avifFromAPictureAndFromAVideoFrame() throws IOException {
        String still = convert(
                Map.of("file_id", picture.fileId(), "kind", "image", "format", "avif", "width", 320, "quality", "low"));
        String frame = convert(Map.of("file_id", clip.fileId(), "kind", "image", "format", "avif", "start", 1.0));
        for (String[] each : List.of(new String[] {still, "320", "120"}, new String[] {frame, "320", "240"})) {
            JsonPath task = finished(each[0], "avif");
            assertEquals("image/avif", task.getString("output.type"));
            Path file = download(task.getString("output.url"));
            ProbeResult out = Ffprobe.probe(file, "avif");
            assertEquals("av1", out.codec());
            assertEquals("image/avif", out.mimeType());
            assertEquals(Integer.parseInt(each[1]), out.width());
            assertEquals(Integer.parseInt(each[2]), out.height());
            assertEquals("1", ffprobe(file, "stream=nb_read_frames", true), "one picture");
        }
    }

    @Test
    void gifAndAnimatedWebpClips() throws IOException {
        String gif = convert(Map.of(
                "file_id",
                clip.fileId(),
                "kind",
                "image",
                "format",
                "gif",
                "start",
                0.5,
                "end",
                1.5,
                "fps",
                20,
                "width",
                160));
        String webp = convert(Map.of(
                "file_id",
                clip.fileId(),
                "kind",
                "image",
                "format",
                "webp",
                "start",
                0.5,
                "end",
                1.5,
                "fps",
                12,
                "width",
                160));
        Path gifFile = download(finished(gif, "gif clip").getString("output.url"));
        ProbeResult animated = Ffprobe.probe(gifFile, "gif clip");
        assertEquals("gif", animated.codec());
        assertEquals(160, animated.width());
        assertEquals(120, animated.height());
        assertEquals(1.0, animated.duration(), 0.06);
        long frames = Long.parseLong(ffprobe(gifFile, "stream=nb_read_frames", true));
        assertTrue(Math.abs(frames - 20) <= 1, frames + " gif frames for 1 s at 20 fps");
        // FFmpeg cannot decode an animated WebP: the File's facts, read from its chunks, are checked instead.
        JsonPath webpTask = finished(webp, "webp clip");
        assertEquals("image/webp", webpTask.getString("output.type"));
        assertEquals(160, webpTask.getInt("output.width"));
        assertEquals(120, webpTask.getInt("output.height"));
        assertEquals(1.0, webpTask.getDouble("output.duration"), 1.0 / 12);
        assertEquals(12.0, webpTask.getDouble("output.fps"), 0.5);
        byte[] bytes = RestAssured.get(webpTask.getString("output.url")).asByteArray();
        String header = new String(bytes, 0, 16, java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals("RIFF", header.substring(0, 4));
        assertEquals("WEBPVP8X", header.substring(8, 16));
        assertTrue((bytes[20] & 0x02) != 0, "the animation flag is set");
    }

    @Test
    void badOptionsAreRefusedWithTheirCodes() {
        long before = env.count("SELECT count(*) FROM tasks WHERE project_id = ?", project.id());
        Map<String, Object> mp4 = Map.of("file_id", clip.fileId(), "kind", "video", "format", "mp4");
        refused(with(mp4, "format", "webm", "codec", "h265"), 422, "conversion_not_allowed", "codec");
        refused(with(mp4, "format", "mov", "codec", "av1"), 422, "conversion_not_allowed", "codec");
        refused(with(mp4, "format", "avi", "codec", "h264"), 422, "conversion_not_allowed", "codec");
        refused(with(mp4, "codec", "theora"), 400, "invalid_request", "codec");
        refused(with(mp4, "quality", "best"), 400, "invalid_request", "quality");
        refused(with(mp4, "width", "150%"), 422, "upscale_not_allowed", "width");
        refused(with(mp4, "width", "wide"), 400, "invalid_request", "width");
        refused(with(mp4, "width", 200, "height", 200, "background", "#ffffff"), 400, "invalid_request", "background");
        refused(with(mp4, "fit", "stretch"), 400, "invalid_request", "fit");
        refused(with(mp4, "position", "middle"), 400, "invalid_request", "position");
        refused(with(mp4, "fps", 0), 400, "invalid_request", "fps");
        refused(with(mp4, "bitrate", 100), 400, "invalid_request", "bitrate");
        refused(with(mp4, "start", 1.5, "end", 1.0), 400, "invalid_request", "end");
        refused(with(mp4, "end", 5), 400, "invalid_request", "end");
        refused(with(mp4, "start", 5), 400, "invalid_request", "start");
        refused(with(mp4, "kind", "audio", "format", "flac", "bitrate", 128_000), 400, "invalid_request", "bitrate");
        refused(with(mp4, "kind", "image", "format", "png", "end", 1), 400, "invalid_request", "end");
        refused(with(mp4, "kind", "image", "format", "gif", "fps", 31), 400, "invalid_request", "fps");
        refused(
                Map.of("file_id", picture.fileId(), "kind", "image", "format", "webp", "fps", 10),
                400,
                "invalid_request",
                "fps");
        refused(
                Map.of("file_id", picture.fileId(), "kind", "image", "format", "png", "start", 1),
                400,
                "invalid_request",
                "start");
        assertEquals(before, env.count("SELECT count(*) FROM tasks WHERE project_id = ?", project.id()));
    }

    private static Map<String, Object> picture(String format, Map<String, Object> options) {
        Map<String, Object> body = new HashMap<>(
                Map.of("file_id", picture.fileId(), "kind", "image", "format", format, "width", 240, "height", 240));
        body.putAll(options);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... pairs) {
        Map<String, Object> body = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private static void refused(Map<String, Object> body, int status, String code, String field) {
        env.api(project)
                .body(body)
                .post("/sources")
                .then()
                .statusCode(status)
                .body("error.code", equalTo(code))
                .body("error.field", equalTo(field));
    }

    private static String convert(Map<String, Object> body) {
        return Tasks.convert(env, project, body);
    }

    private static JsonPath finished(String taskId, String what) {
        JsonPath task = Tasks.awaitFinished(env, project, taskId, WAIT);
        assertEquals("completed", task.getString("status"), () -> what + ": " + task.getString("error.message"));
        return task;
    }

    private static BufferedImage image(JsonPath task) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(RestAssured.get(task.getString("output.url"))
                .then()
                .statusCode(200)
                .extract()
                .asByteArray()));
    }

    /** The pixel rounded to pure red, green, blue or their mixes (0xRRGGBB). */
    private static int pure(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        int rounded = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            rounded |= (((rgb >> shift) & 0xFF) >= 0x80 ? 0xFF : 0) << shift;
        }
        return rounded;
    }

    private static Path download(String url) {
        return Downloads.fetch(downloads, url);
    }

    private static String ffprobe(Path file, String entries, boolean count) {
        List<String> args = new ArrayList<>(List.of("-v", "error"));
        if (count) {
            args.add("-count_frames");
        }
        args.addAll(List.of("-select_streams", "v:0", "-show_entries", entries, "-of", "csv=p=0", "file:" + file));
        return FfmpegRunner.shared()
                .run(FfmpegInvocation.ffprobe(args), "e2e_probe")
                .stdoutText()
                .trim();
    }
}
