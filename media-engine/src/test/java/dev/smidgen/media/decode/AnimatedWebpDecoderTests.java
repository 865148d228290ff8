package dev.smidgen.media.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.testing.TestMedia;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding real animations: pixels against their source, durations through FFmpeg, damage, clean-up. */
class AnimatedWebpDecoderTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final AnimatedWebpDecoder decoder = new AnimatedWebpDecoder(FfmpegRunner.shared());

    @Test
    void blendedLosslessFramesComeBackAsTheirSourceExactly(@TempDir Path work) throws IOException {
        Path webp = TestMedia.opaqueAnimatedWebp(work, 8);
        WebpAnimation animation = AnimatedWebpDecoder.read(webp);
        assertTrue(
                animation.frames().stream().skip(1).anyMatch(f -> f.blend() && f.height() < 120),
                "libwebp_anim stores later frames as blended rectangles");

        AnimatedWebpDecoder.Decoded decoded = decoder.decode(webp, work, TIMEOUT, 0, "task_decode");
        byte[] ours = raw(decoded.file(), work.resolve("ours.rgba"), "");
        byte[] source = raw(null, work.resolve("source.rgba"), "testsrc2=s=160x120:r=10,format=rgba");
        int frame = 160 * 120 * 4;
        assertEquals(8L * frame, ours.length);
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(
                    Arrays.copyOfRange(source, i * frame, (i + 1) * frame),
                    Arrays.copyOfRange(ours, i * frame, (i + 1) * frame),
                    "frame " + i);
        }
        assertEquals(List.of(100, 100, 100, 100, 100, 100, 100, 100), decoded.durations());
    }

    @Test
    void variableDurationsSurviveIntoWhatFfmpegReads(@TempDir Path work) {
        Path webp = TestMedia.animatedWebp(work, false);
        AnimatedWebpDecoder.Decoded decoded = decoder.decode(webp, work, TIMEOUT, 0, "task_decode");
        assertEquals(TestMedia.ANIMATED_WEBP_MILLIS, decoded.durationMillis());
        // FFmpeg's own view: one packet per frame, each lasting its frame's milliseconds, the last one too.
        String packets = ffprobe("-show_entries", "packet=duration_time", "-of", "csv=p=0", "file:" + decoded.file());
        List<Integer> millis = packets.lines()
                .filter(l -> !l.isBlank())
                .map(l -> (int) Math.round(Double.parseDouble(l.replace(",", "")) * 1000))
                .toList();
        assertEquals(List.of(100, 100, 200, 100, 100, 300, 100, 100, 200, 200, 100, 145), millis);
        assertEquals(
                "160,120,rgba",
                ffprobe(
                                "-select_streams",
                                "v:0",
                                "-show_entries",
                                "stream=width,height,pix_fmt",
                                "-of",
                                "csv=p=0",
                                "file:" + decoded.file())
                        .trim());
    }

    @Test
    void theFirstFrameIsThePictureAsFirstShown(@TempDir Path work) throws IOException {
        Path webp = TestMedia.animatedWebp(work, true);
        Path png = decoder.firstFrame(webp, work.resolve("first.png"), "task_first");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(160, image.getWidth());
        assertEquals(120, image.getHeight());
        assertEquals(255, image.getRGB(10, 60) >>> 24, "the left columns are opaque");
        assertEquals(0, image.getRGB(100, 10) >>> 24, "the top right is transparent");
        assertEquals(128, image.getRGB(100, 100) >>> 24, 2, "the bottom right half transparent");
        assertNothingLeftBeside(work, "animated-lossless.webp", "first.png");
    }

    @Test
    void framesThatDoNotDecodeFailTheDecodeAndLeaveNothing(@TempDir Path work) throws IOException {
        Path webp = TestMedia.animatedWebp(work, false);
        byte[] bytes = Files.readAllBytes(webp);
        WebpAnimation animation = AnimatedWebpDecoder.read(webp);
        WebpFrame last = animation.frames().get(animation.frames().size() - 1);
        // Garble the last frame's VP8 data past its header: the structure reads, the picture does not decode.
        int from = (int) last.imageOffset() + 8 + 10;
        Arrays.fill(bytes, from, (int) (last.imageOffset() + last.imageLength()), (byte) 0xFF);
        Path broken = Files.write(work.resolve("broken.webp"), bytes);
        Files.delete(webp);
        SmidgenException failed =
                assertThrows(SmidgenException.class, () -> decoder.decode(broken, work, TIMEOUT, 0, "task_broken"));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, failed.code(), failed.getMessage());
        assertNothingLeftBeside(work, "broken.webp");
    }

    @Test
    void delaysKeepMillisecondsWhileTheyFit() {
        assertArrayEquals(new int[] {145, 1000}, ApngWriter.delay(145));
        assertArrayEquals(new int[] {6554, 100}, ApngWriter.delay(65_540));
        assertArrayEquals(new int[] {16777, 1}, ApngWriter.delay(16_777_215));
    }

    @Test
    void aVideoGetsTheRateAtWhichEveryDurationIsWholeFrames() {
        assertEquals(10, AnimatedWebpInput.videoFps(List.of(100, 200, 300)));
        assertEquals(20, AnimatedWebpInput.videoFps(List.of(100, 150)));
        assertEquals(25, AnimatedWebpInput.videoFps(List.of(40, 80)));
        assertEquals(30, AnimatedWebpInput.videoFps(List.of(100, 145)), "at most 30");
        assertEquals(1, AnimatedWebpInput.videoFps(List.of(2000, 4000)), "at least 1");
    }

    private static void assertNothingLeftBeside(Path dir, String... expected) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names =
                    files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(Arrays.stream(expected).sorted().toList(), names);
        }
    }

    /** Raw RGBA of every frame of {@code file}, or of a lavfi source's first 8 frames. */
    private static byte[] raw(Path file, Path out, String lavfi) throws IOException {
        List<String> args = new ArrayList<>(List.of("-nostdin", "-v", "error", "-y"));
        if (file != null) {
            args.addAll(List.of("-i", "file:" + file));
        } else {
            args.addAll(List.of("-f", "lavfi", "-i", lavfi, "-frames:v", "8"));
        }
        args.addAll(List.of("-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgba", "file:" + out));
        FfmpegRunner.shared().run(FfmpegInvocation.ffmpeg(args).withTimeout(TIMEOUT), "task_raw");
        return Files.readAllBytes(out);
    }

    private static String ffprobe(String... args) {
        List<String> all = new ArrayList<>(List.of("-v", "error"));
        all.addAll(List.of(args));
        return FfmpegRunner.shared()
                .run(FfmpegInvocation.ffprobe(all), "task_probe")
                .stdoutText();
    }
}
