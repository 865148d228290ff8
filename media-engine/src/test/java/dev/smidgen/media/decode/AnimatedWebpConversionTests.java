package dev.smidgen.media.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.VisualSummary;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.testing.TestMedia;
import dev.smidgen.media.transcode.OutputProbe;
import dev.smidgen.media.transcode.TranscodeResources;
import dev.smidgen.media.transcode.TranscodeResult;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.media.transcode.Transcoder;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An animated WebP input end to end in this module: probed from its chunks, summarised from its first
 * frame, and converted through the normal {@link Transcoder} to every kind of output a GIF input takes.
 */
class AnimatedWebpConversionTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final double SECONDS = TestMedia.ANIMATED_WEBP_MILLIS / 1000.0;

    @TempDir
    static Path media;

    static Path webp;
    static ProbeResult probe;

    private final Transcoder transcoder = new Transcoder(
            FfmpegRunner.shared(), new TranscodeResources(2, TranscodeResources.DEFAULT_MEMORY_LIMIT_BYTES));

    @BeforeAll
    static void generate() {
        webp = TestMedia.animatedWebp(media, false);
        probe = Ffprobe.probe(webp, "task_probe_anim");
    }

    @Test
    void anAnimatedWebpProbesWithItsFacts() {
        assertEquals(Kind.IMAGE, probe.kind());
        assertEquals("image/webp", probe.mimeType());
        assertTrue(probe.animated());
        assertTrue(probe.transparency());
        assertEquals(TestMedia.ANIMATED_WEBP_FRAMES, probe.frames());
        assertEquals(SECONDS, probe.duration(), 1e-9);
        assertEquals(Math.round(12 / SECONDS * 1000) / 1000.0, probe.fps(), 1e-9);
        assertEquals(TestMedia.ANIMATED_WEBP_WIDTH, probe.width());
        assertEquals(TestMedia.ANIMATED_WEBP_HEIGHT, probe.height());
    }

    @Test
    void aDamagedAnimatedWebpIsUnsupportedMedia(@TempDir Path work) throws IOException {
        byte[] bytes = Files.readAllBytes(webp);
        Path truncated = Files.write(work.resolve("truncated.webp"), Arrays.copyOf(bytes, bytes.length / 2));
        SmidgenException refused =
                assertThrows(SmidgenException.class, () -> Ffprobe.probe(truncated, "task_truncated"));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, refused.code());
    }

    @Test
    void itsSummaryComesFromItsFirstFrame() {
        VisualSummary.Summary summary = VisualSummary.of(MediaInput.file(webp), probe, "task_summary");
        assertNotNull(summary.placeholder());
        assertTrue(summary.placeholder().startsWith("data:image/webp;base64,"));
        assertTrue(summary.background().matches("#[0-9A-F]{6}"), summary.background());
    }

    @Test
    void toAnAnimatedGifOfTheWholeAnimation(@TempDir Path work) {
        TranscodeSpec spec = new TranscodeSpec(OutputFormat.GIF, 160, 120, 0.8, null, false);
        Path out = convert(spec, work);
        assertEquals(SECONDS, seconds(out), 0.1);
        long frames = frames(out);
        assertTrue(Math.abs(frames - Math.round(SECONDS * 10)) <= 1, frames + " frames at 10 fps");
        assertEquals("160,120", size(out));
    }

    @Test
    void toAnMp4AtAConstantRateThatKeepsTheTiming(@TempDir Path work) {
        TranscodeSpec spec = new TranscodeSpec(OutputFormat.MP4, 160, 120, 0.8, null, false);
        Path out = convert(spec, work);
        assertEquals(SECONDS, seconds(out), 1 / 30.0 + 0.01);
        long frames = frames(out);
        assertTrue(Math.abs(frames - SECONDS * 30) <= 1.5, frames + " frames at 30 fps");
        assertEquals("160,120", size(out));
        assertEquals("h264", probe(out, "stream=codec_name"));
    }

    @Test
    void toAShortenedWebmAtTheRateAskedFor(@TempDir Path work) {
        TranscodeSpec spec = new TranscodeSpec(
                OutputFormat.WEBM,
                80,
                60,
                0.8,
                0.5,
                false,
                new EncodingOptions(null, null, null, null, null, null, null, 10.0, null, 1.5));
        Path out = convert(spec, work);
        assertEquals(1.0, seconds(out), 0.1);
        assertEquals("80,60", size(out));
    }

    @Test
    void toAnAnimatedWebpThatKeepsItsTransparency(@TempDir Path work) {
        TranscodeSpec spec = new TranscodeSpec(
                OutputFormat.WEBP,
                80,
                60,
                0.8,
                null,
                false,
                new EncodingOptions(null, null, null, null, null, null, null, 10.0, null, null));
        Path out = convert(spec, work);
        ProbeResult animation = OutputProbe.probe(out, spec, SECONDS, "task_out");
        assertTrue(animation.animated());
        assertTrue(animation.transparency());
        assertEquals(80, animation.width());
        assertEquals(SECONDS, animation.duration(), 0.1);
        // Resampled to 10 fps; libwebp_anim then merges repeated pictures into longer frames again, so each of
        // the 12 source frames shows, and no more than the rate's 18.
        assertTrue(animation.frames() >= 12 && animation.frames() <= 18, animation.frames() + " frames");
    }

    @Test
    void toAStillPngOfOneFrameWithItsTransparency(@TempDir Path work) throws IOException {
        TranscodeSpec spec = new TranscodeSpec(OutputFormat.PNG, 160, 120, 0.8, null, false);
        Path out = convert(spec, work);
        BufferedImage image = ImageIO.read(out.toFile());
        assertEquals(160, image.getWidth());
        assertEquals(255, image.getRGB(10, 60) >>> 24);
        assertEquals(0, image.getRGB(100, 10) >>> 24);
    }

    @Test
    void anAnimatedGifPlaysAsAVideoToo(@TempDir Path work) {
        Path gif = work.resolve("input.gif");
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
                        "task_gif");
        ProbeResult input = Ffprobe.probe(gif, "task_gif");
        assertTrue(input.animated());
        TranscodeSpec spec = new TranscodeSpec(OutputFormat.MP4, 160, 120, 0.8, null, false);
        Path out = work.resolve("output.mp4");
        transcoder.run(MediaInput.file(gif), out, work, spec, input.duration(), TIMEOUT, null, "task_gif_mp4");
        assertEquals(2.0, seconds(out), 0.1);
        assertEquals(20, frames(out));
        assertEquals("160,120", size(out));
    }

    @Test
    void anotherInputPassesThroughUntouched(@TempDir Path work) {
        Path png = TestMedia.png(work);
        TranscodeSpec spec = new TranscodeSpec(OutputFormat.JPEG, 160, 120, 0.8, null, false);
        AnimatedWebpInput.Staged staged = AnimatedWebpInput.stage(
                MediaInput.file(png), spec, work, TIMEOUT, 0, FfmpegRunner.shared(), "task_png");
        assertEquals(MediaInput.file(png), staged.input());
        assertEquals(spec, staged.spec());
        assertFalse(AnimatedWebpInput.isAnimated(MediaInput.file(png)));
    }

    /** Stages and converts {@link #webp}; the work directory then holds only the decoded animation. */
    private Path convert(TranscodeSpec spec, Path work) {
        Path out = work.resolve("out").resolve("output." + spec.format().extension());
        try {
            Files.createDirectories(out.getParent());
            AnimatedWebpInput.Staged staged = AnimatedWebpInput.stage(
                    MediaInput.file(webp), spec, work, TIMEOUT, 0, FfmpegRunner.shared(), "task_stage");
            try (Stream<Path> files = Files.list(work)) {
                assertEquals(
                        List.of("animation.apng", "out"),
                        files.map(p -> p.getFileName().toString()).sorted().toList());
            }
            TranscodeResult result = transcoder.run(
                    staged.input(), out, work, staged.spec(), probe.duration(), TIMEOUT, null, "task_convert");
            return result.output();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double seconds(Path file) {
        return Double.parseDouble(probe(file, "format=duration"));
    }

    private static long frames(Path file) {
        List<String> args = new ArrayList<>(List.of("-v", "error", "-count_frames", "-select_streams", "v:0"));
        args.addAll(List.of("-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", "file:" + file));
        return Long.parseLong(FfmpegRunner.shared()
                .run(FfmpegInvocation.ffprobe(args), "task_count")
                .stdoutText()
                .trim());
    }

    private static String size(Path file) {
        return probe(file, "stream=width,height");
    }

    private static String probe(Path file, String entries) {
        List<String> args = List.of(
                "-v", "error", "-select_streams", "v:0", "-show_entries", entries, "-of", "csv=p=0", "file:" + file);
        return FfmpegRunner.shared()
                .run(FfmpegInvocation.ffprobe(args), "task_probe")
                .stdoutText()
                .trim();
    }
}
