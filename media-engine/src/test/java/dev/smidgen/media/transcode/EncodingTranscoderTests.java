package dev.smidgen.media.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.AnimatedWebp;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.testing.TestMedia;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.Fit;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.Position;
import dev.smidgen.model.convert.QualityPreset;
import dev.smidgen.model.convert.VideoCodec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encoding options on real encodes of generated media, checked with ffprobe and by reading pixels:
 * every codec in every container that holds it, named qualities ordered by size, bit-rate caps, fit and
 * position, clips to the frame, frame rates.
 */
@Tag("slow") // left out of the fast loop (CONTRIBUTING.md); verify runs it
class EncodingTranscoderTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final double CLIP_SECONDS = 4.0;
    private static final double FRAME = 1 / 25.0;

    @TempDir
    static Path media;

    static Path clip;
    static Path wav;
    static Path redBesideBlue;

    private final Transcoder transcoder = new Transcoder(
            FfmpegRunner.shared(), new TranscodeResources(2, TranscodeResources.DEFAULT_MEMORY_LIMIT_BYTES));

    @BeforeAll
    static void generate() {
        clip = TestMedia.clip(media, (int) CLIP_SECONDS, true);
        wav = TestMedia.wav(media, 2);
        redBesideBlue = TestMedia.redBesideBlue(media);
    }

    @Test
    void everyCodecInEveryContainerThatHoldsIt(@TempDir Path work) {
        for (OutputFormat format : List.of(OutputFormat.MP4, OutputFormat.WEBM, OutputFormat.MOV, OutputFormat.AVI)) {
            for (VideoCodec codec : VideoCodec.allowedIn(format)) {
                Path dir = dir(work, format.wire() + "-" + codec.wire());
                TranscodeSpec spec = new TranscodeSpec(format, 160, 120, 0.8, null, true, codec(codec));
                ProbeResult out = convert(clip, dir, spec, CLIP_SECONDS);
                String what = codec.wire() + " in " + format.wire();
                assertEquals(probedName(codec), out.codec(), what);
                assertEquals(format.mimeType(), out.mimeType(), what);
                assertEquals(160, out.width(), what);
                assertEquals(120, out.height(), what);
                assertEquals(CLIP_SECONDS, out.duration(), 0.1, what);
                if (codec == VideoCodec.H265) {
                    assertEquals("hvc1", codecTag(dir.resolve("output." + format.extension())), what);
                }
            }
        }
    }

    @Test
    void eachNamedQualityMakesALargerFileThanTheOneBelow(@TempDir Path work) {
        for (OutputFormat format : List.of(OutputFormat.MP4, OutputFormat.WEBM)) {
            for (VideoCodec codec : VideoCodec.allowedIn(format)) {
                if (format == OutputFormat.WEBM && codec == VideoCodec.AV1) {
                    continue; // the same encoder as AV1 in mp4
                }
                long previous = 0;
                for (QualityPreset preset : QualityPreset.values()) {
                    Path dir = dir(work, codec.wire() + "-" + preset.wire());
                    TranscodeSpec spec =
                            new TranscodeSpec(format, 320, 240, preset.quality(), null, false, codec(codec));
                    long bytes = transcoder
                            .run(
                                    MediaInput.file(clip),
                                    dir.resolve("output." + format.extension()),
                                    dir,
                                    spec,
                                    CLIP_SECONDS,
                                    TIMEOUT,
                                    null,
                                    "task_quality")
                            .bytes();
                    assertTrue(
                            bytes > previous,
                            codec.wire() + " " + preset.wire() + " made " + bytes + " bytes, the step below "
                                    + previous);
                    previous = bytes;
                }
            }
        }
    }

    @Test
    void aBitRateCapHoldsTheRate(@TempDir Path work) {
        Path big = TestMedia.video(media, "busy", 640, 360, (int) CLIP_SECONDS, false);
        long cap = 300_000;
        for (VideoCodec codec : List.of(VideoCodec.H264, VideoCodec.H265, VideoCodec.AV1)) {
            TranscodeSpec free = new TranscodeSpec(OutputFormat.MP4, 640, 360, 1.0, null, false, codec(codec));
            TranscodeSpec capped = new TranscodeSpec(
                    OutputFormat.MP4,
                    640,
                    360,
                    1.0,
                    null,
                    false,
                    new EncodingOptions(codec, null, null, null, null, null, null, null, cap, null));
            long freeBytes = convert(big, dir(work, codec.wire() + "-free"), free, CLIP_SECONDS)
                    .filesize();
            long cappedBytes = convert(big, dir(work, codec.wire() + "-capped"), capped, CLIP_SECONDS)
                    .filesize();
            // The rate over the clip, plus the buffer the encoder may start with full, plus container overhead.
            long allowed = (long) ((cap * CLIP_SECONDS + 2 * cap) / 8 * 1.1);
            assertTrue(cappedBytes <= allowed, codec.wire() + ": " + cappedBytes + " bytes over " + allowed);
            assertTrue(
                    cappedBytes < freeBytes / 2, codec.wire() + ": " + cappedBytes + " vs " + freeBytes + " uncapped");
        }
    }

    @Test
    void coverKeepsThePositionsPart(@TempDir Path work) throws IOException {
        BufferedImage left = picture(work, "left", Fit.COVER, Position.LEFT, null);
        assertEquals(240, left.getWidth());
        assertEquals(240, left.getHeight());
        assertColour(0xFF0000, left, 120, 120);
        assertColour(0xFF0000, left, 230, 10);
        BufferedImage right = picture(work, "right", Fit.COVER, Position.BOTTOM_RIGHT, null);
        assertColour(0x0000FF, right, 10, 230);
        BufferedImage center = picture(work, "center", Fit.COVER, null, null);
        assertColour(0xFF0000, center, 60, 120);
        assertColour(0x0000FF, center, 180, 120);
    }

    @Test
    void containPadsWithTheBackgroundAtThePosition(@TempDir Path work) throws IOException {
        // 640x240 into 240x240: the picture is 240x90, the rest is padding.
        BufferedImage top = picture(work, "top", Fit.CONTAIN, Position.TOP, "#00ff00");
        assertEquals(240, top.getWidth());
        assertEquals(240, top.getHeight());
        assertColour(0xFF0000, top, 60, 40);
        assertColour(0x0000FF, top, 180, 40);
        assertColour(0x00FF00, top, 120, 200);
        BufferedImage bottom = picture(work, "bottom", Fit.CONTAIN, Position.BOTTOM, "#00ff00");
        assertColour(0x00FF00, bottom, 120, 40);
        assertColour(0xFF0000, bottom, 60, 200);
        BufferedImage centered = picture(work, "centered", Fit.CONTAIN, null, "#00ff00");
        assertColour(0x00FF00, centered, 120, 20);
        assertColour(0xFF0000, centered, 60, 120);
        assertColour(0x00FF00, centered, 120, 220);
        // No background: a PNG's padding is transparent.
        BufferedImage clear = picture(work, "clear", Fit.CONTAIN, null, null);
        assertEquals(0, clear.getRGB(120, 10) >>> 24, "transparent padding");
        assertEquals(0xFF, clear.getRGB(120, 120) >>> 24, "opaque picture");
    }

    @Test
    void fillStretches(@TempDir Path work) throws IOException {
        BufferedImage fill = picture(work, "fill", Fit.FILL, null, null);
        assertEquals(240, fill.getWidth());
        assertColour(0xFF0000, fill, 60, 120);
        assertColour(0x0000FF, fill, 180, 120);
    }

    @Test
    void aContainedVideoIsPaddedToTheBox(@TempDir Path work) throws IOException {
        // The 320x240 clip into 320x320: 80 rows of background above and below.
        Path dir = dir(work, "video");
        TranscodeSpec spec = new TranscodeSpec(
                OutputFormat.MP4,
                320,
                320,
                0.8,
                null,
                true,
                new EncodingOptions(null, null, null, null, Fit.CONTAIN, null, "#ff00ff", null, null, null));
        ProbeResult out = convert(clip, dir, spec, CLIP_SECONDS);
        assertEquals(320, out.width());
        assertEquals(320, out.height());
        Path frameDir = dir(work, "frame");
        convert(
                dir.resolve("output.mp4"),
                frameDir,
                new TranscodeSpec(OutputFormat.PNG, 320, 320, 0.8, 1.0, false),
                CLIP_SECONDS);
        BufferedImage frame = ImageIO.read(frameDir.resolve("output.png").toFile());
        assertNear(0xFF00FF, frame.getRGB(160, 20));
        assertNear(0xFF00FF, frame.getRGB(160, 300));
    }

    @Test
    void aClipIsCutToTheFrame(@TempDir Path work) {
        TranscodeSpec video = new TranscodeSpec(OutputFormat.MP4, 320, 240, 0.8, 1.0, true, end(2.5));
        Path dir = dir(work, "video");
        ProbeResult out = convert(clip, dir, video, CLIP_SECONDS);
        assertEquals(1.5, out.duration(), FRAME + 0.03, "mp4 duration (AAC frames may overhang by one)");
        long frames = countFrames(dir.resolve("output.mp4"));
        assertTrue(Math.abs(frames - 1.5 * 25) <= 1, frames + " frames for 1.5 s at 25 fps");

        TranscodeSpec webm = new TranscodeSpec(OutputFormat.WEBM, 320, 240, 0.8, 0.5, false, end(1.0));
        Path webmDir = dir(work, "webm");
        convert(clip, webmDir, webm, CLIP_SECONDS);
        long webmFrames = countFrames(webmDir.resolve("output.webm"));
        assertTrue(Math.abs(webmFrames - 0.5 * 25) <= 1, webmFrames + " frames for 0.5 s at 25 fps");

        TranscodeSpec audio = new TranscodeSpec(OutputFormat.WAV, null, null, 0.8, 0.5, true, end(1.5));
        ProbeResult sound = convert(wav, dir(work, "wav"), audio, 2.0);
        assertEquals(1.0, sound.duration(), 0.001, "PCM is cut to the sample");
        TranscodeSpec mp3 = new TranscodeSpec(OutputFormat.MP3, null, null, 0.8, 0.5, true, EncodingOptions.NONE);
        assertEquals(1.5, convert(wav, dir(work, "mp3"), mp3, 2.0).duration(), 0.05, "to the input's end");
    }

    @Test
    void aFrameRateIsApplied(@TempDir Path work) {
        TranscodeSpec spec = new TranscodeSpec(
                OutputFormat.MP4,
                320,
                240,
                0.8,
                null,
                false,
                new EncodingOptions(null, null, null, null, null, null, null, 10.0, null, null));
        Path dir = dir(work, "fps");
        ProbeResult out = convert(clip, dir, spec, CLIP_SECONDS);
        assertEquals(10.0, out.fps(), 0.01);
        long frames = countFrames(dir.resolve("output.mp4"));
        assertTrue(Math.abs(frames - CLIP_SECONDS * 10) <= 1, frames + " frames for 4 s at 10 fps");
    }

    @Test
    void aGifIsTheClipAskedFor(@TempDir Path work) {
        TranscodeSpec gif = new TranscodeSpec(
                OutputFormat.GIF,
                160,
                120,
                0.8,
                1.0,
                false,
                new EncodingOptions(null, null, null, null, null, null, null, 20.0, null, 2.5));
        Path dir = dir(work, "gif");
        ProbeResult out = convert(clip, dir, gif, CLIP_SECONDS);
        assertEquals("gif", out.codec());
        assertEquals(160, out.width());
        assertTrue(out.animated());
        assertEquals(1.5, out.duration(), 0.06, "GIF delays are hundredths: 20 fps is exact");
        long frames = countFrames(dir.resolve("output.gif"));
        assertTrue(Math.abs(frames - 30) <= 1, frames + " frames for 1.5 s at 20 fps");
    }

    @Test
    void anAnimatedWebpIsProbedFromItsChunks(@TempDir Path work) {
        TranscodeSpec webp = new TranscodeSpec(
                OutputFormat.WEBP,
                160,
                120,
                0.8,
                0.5,
                false,
                new EncodingOptions(null, null, null, null, null, null, null, 12.0, null, 2.0));
        Path dir = dir(work, "webp");
        TranscodeResult result = transcoder.run(
                MediaInput.file(clip), dir.resolve("output.webp"), dir, webp, CLIP_SECONDS, TIMEOUT, null, "task_webp");
        ProbeResult out = OutputProbe.probe(result.output(), webp, CLIP_SECONDS, "task_webp");
        assertEquals("image/webp", out.mimeType());
        assertEquals("webp", out.codec());
        assertEquals(160, out.width());
        assertEquals(120, out.height());
        assertTrue(out.animated());
        assertTrue(Math.abs(out.frames() - 18) <= 1, out.frames() + " frames for 1.5 s at 12 fps");
        assertEquals(1.5, out.duration(), 1.0 / 12, "duration");
        assertEquals(result.bytes(), out.filesize());
        // A still WebP is probed by ffprobe as before.
        TranscodeSpec still = new TranscodeSpec(OutputFormat.WEBP, 160, 120, 0.8, null, false);
        Path stillDir = dir(work, "still");
        convert(clip, stillDir, still, CLIP_SECONDS);
        assertEquals(
                ErrorCode.UNSUPPORTED_MEDIA,
                assertThrows(SmidgenException.class, () -> AnimatedWebp.probe(stillDir.resolve("output.webp")))
                        .code());
    }

    @Test
    void anAnimatedGifInputIsProbedAndConvertedAsAnAnimation(@TempDir Path work) {
        // A 2 s, 10 fps GIF made from the clip: the input.
        Path gifDir = dir(work, "input");
        convert(
                clip,
                gifDir,
                new TranscodeSpec(
                        OutputFormat.GIF,
                        160,
                        120,
                        0.8,
                        0.0,
                        false,
                        new EncodingOptions(null, null, null, null, null, null, null, null, null, 2.0)),
                CLIP_SECONDS);
        Path gif = gifDir.resolve("output.gif");
        ProbeResult input = Ffprobe.probe(gif, "task_gif_input");
        assertTrue(input.animated());
        assertEquals(20L, input.frames());
        assertEquals(2.0, input.duration(), 0.05);

        // To an animated WebP of its second half at 5 fps, to a GIF again, and one frame to PNG.
        TranscodeSpec webp = new TranscodeSpec(
                OutputFormat.WEBP,
                80,
                60,
                0.8,
                1.0,
                false,
                new EncodingOptions(null, null, null, null, null, null, null, 5.0, null, 2.0));
        Path webpDir = dir(work, "webp");
        TranscodeResult result = transcoder.run(
                MediaInput.file(gif),
                webpDir.resolve("output.webp"),
                webpDir,
                webp,
                input.duration(),
                TIMEOUT,
                null,
                "task_gif_webp");
        ProbeResult animated = OutputProbe.probe(result.output(), webp, input.duration(), "task_gif_webp");
        assertTrue(Math.abs(animated.frames() - 5) <= 1, animated.frames() + " frames for 1 s at 5 fps");
        assertEquals(80, animated.width());
        Path againDir = dir(work, "again");
        ProbeResult again =
                convert(gif, againDir, new TranscodeSpec(OutputFormat.GIF, 80, 60, 0.8, null, false), input.duration());
        assertTrue(again.animated());
        long frames = countFrames(againDir.resolve("output.gif"));
        assertTrue(Math.abs(frames - 20) <= 1, frames + " frames: the whole 2 s at 10 fps");
        ProbeResult frame = convert(
                gif, dir(work, "png"), new TranscodeSpec(OutputFormat.PNG, 80, 60, 0.8, 1.5, false), input.duration());
        assertEquals("png", frame.codec());
        assertEquals(80, frame.width());
    }

    private BufferedImage picture(Path work, String name, Fit fit, Position position, String background)
            throws IOException {
        Path dir = dir(work, name);
        TranscodeSpec spec = new TranscodeSpec(
                OutputFormat.PNG,
                240,
                240,
                0.8,
                null,
                false,
                new EncodingOptions(null, null, null, null, fit, position, background, null, null, null));
        convert(redBesideBlue, dir, spec, null);
        return ImageIO.read(dir.resolve("output.png").toFile());
    }

    private ProbeResult convert(Path input, Path dir, TranscodeSpec spec, Double inputDuration) {
        TranscodeResult result = transcoder.run(
                MediaInput.file(input),
                dir.resolve("output." + spec.format().extension()),
                dir,
                spec,
                inputDuration,
                TIMEOUT,
                null,
                "task_encoding");
        return Ffprobe.probe(result.output(), "task_probe_output");
    }

    private static EncodingOptions codec(VideoCodec codec) {
        return new EncodingOptions(codec, null, null, null, null, null, null, null, null, null);
    }

    private static EncodingOptions end(double end) {
        return new EncodingOptions(null, null, null, null, null, null, null, null, null, end);
    }

    private static String probedName(VideoCodec codec) {
        return switch (codec) {
            case H264 -> "h264";
            case H265 -> "hevc";
            case VP9 -> "vp9";
            case AV1 -> "av1";
            case MPEG4 -> "mpeg4";
        };
    }

    /** The colour at a pixel, near {@code rgb}: the generated colours pass through YUV once. */
    private static void assertColour(int rgb, BufferedImage image, int x, int y) {
        assertNear(rgb, image.getRGB(x, y));
    }

    /** Within a few steps per channel: a colour through 4:2:0 video comes back close, not exact. */
    private static void assertNear(int rgb, int actual) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int want = (rgb >> shift) & 0xFF;
            int got = (actual >> shift) & 0xFF;
            assertTrue(
                    Math.abs(want - got) <= 24,
                    Integer.toHexString(actual & 0xFFFFFF) + " is not near " + Integer.toHexString(rgb));
        }
    }

    private static String codecTag(Path file) {
        return probe(file, "stream=codec_tag_string", false);
    }

    private static long countFrames(Path file) {
        return Long.parseLong(probe(file, "stream=nb_read_frames", true));
    }

    private static String probe(Path file, String entries, boolean count) {
        List<String> args = new ArrayList<>(List.of("-v", "error"));
        if (count) {
            args.add("-count_frames");
        }
        args.addAll(List.of("-select_streams", "v:0", "-show_entries", entries, "-of", "csv=p=0", "file:" + file));
        return FfmpegRunner.shared()
                .run(FfmpegInvocation.ffprobe(args), "task_probe")
                .stdoutText()
                .trim();
    }

    private static Path dir(Path parent, String name) {
        try {
            return Files.createDirectories(parent.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
