package dev.smidgen.media.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.process.Progress;
import dev.smidgen.media.process.ProgressListener;
import dev.smidgen.media.testing.TestMedia;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Converts generated media to every output format with the bundled ffmpeg and checks the results with ffprobe. */
@Tag("slow") // left out of the fast loop (CONTRIBUTING.md); verify runs it
class TranscoderTests {
    private static final double CLIP_SECONDS = 4.0;
    private static final double WAV_SECONDS = 2.0;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, Long> ENCODE_MILLIS = new ConcurrentSkipListMap<>();

    @TempDir
    static Path media;

    static Path video;
    static Path silentVideo;
    static Path wav;
    static Path png;

    // Every conversion here runs as a worker runs it by default: 2 threads, under the default memory ceiling.
    private final Transcoder transcoder = new Transcoder(
            FfmpegRunner.shared(), new TranscodeResources(2, TranscodeResources.DEFAULT_MEMORY_LIMIT_BYTES));

    @BeforeAll
    static void generate() {
        video = TestMedia.clip(media, (int) CLIP_SECONDS, true);
        silentVideo = TestMedia.clip(media, (int) CLIP_SECONDS, false);
        wav = TestMedia.wav(media, (int) WAV_SECONDS);
        png = TestMedia.png(media);
    }

    @AfterAll
    static void reportTimings() {
        // Measured figures for the README / review; not asserted (machines differ).
        ENCODE_MILLIS.forEach((what, millis) -> System.out.printf("transcode %-28s %5d ms%n", what, millis));
    }

    @ParameterizedTest
    @EnumSource(
            value = OutputFormat.class,
            names = {"MP4", "WEBM", "MOV", "AVI"})
    void videoToVideo(OutputFormat format, @TempDir Path work) {
        ProbeResult out = convert(
                video, work, new TranscodeSpec(format, 160, 120, 0.8, null, true), CLIP_SECONDS, "video->" + format);
        assertEquals(Kind.VIDEO, out.kind());
        assertEquals(format.mimeType(), out.mimeType());
        assertEquals(videoCodec(format), out.codec());
        assertEquals(audioCodec(format), out.audioCodec());
        assertEquals(160, out.width());
        assertEquals(120, out.height());
        assertEquals(CLIP_SECONDS, out.duration(), 0.1);
        assertEquals(25.0, out.fps(), 0.01);
    }

    @ParameterizedTest
    @EnumSource(
            value = OutputFormat.class,
            names = {"MP4", "WEBM", "MOV", "AVI"})
    void silentVideoStaysSilent(OutputFormat format, @TempDir Path work) {
        ProbeResult out = convert(
                silentVideo,
                work,
                new TranscodeSpec(format, 160, 120, 0.8, null, false),
                CLIP_SECONDS,
                "silent video->" + format);
        assertEquals(videoCodec(format), out.codec());
        assertFalse(out.hasAudio());
        assertNull(out.audioCodec());
        assertEquals(CLIP_SECONDS, out.duration(), 0.1);
    }

    @Test
    void oddDimensionsBecomeEven(@TempDir Path work) {
        ProbeResult out = convert(
                video,
                work,
                new TranscodeSpec(OutputFormat.MP4, 161, 121, 0.8, null, true),
                CLIP_SECONDS,
                "video->mp4 (odd size)");
        assertEquals(160, out.width());
        assertEquals(120, out.height());
    }

    @ParameterizedTest
    @EnumSource(
            value = OutputFormat.class,
            names = {"MP3", "WAV", "OGG", "FLAC", "AAC", "OPUS"})
    void videoToAudio(OutputFormat format, @TempDir Path work) {
        ProbeResult out = convert(
                video, work, new TranscodeSpec(format, null, null, 0.8, null, true), CLIP_SECONDS, "video->" + format);
        assertEquals(Kind.AUDIO, out.kind());
        assertEquals(audioCodec(format), out.codec());
        assertFalse(out.hasVideo());
        assertEquals(CLIP_SECONDS, out.duration(), 0.1);
        // Probing names the file as its format does, so an ingested copy of the output gets the same type;
        // but an ogg holds only Opus, which probing names as an opus file (RFC 7845's .opus).
        OutputFormat probedAs = format == OutputFormat.OGG ? OutputFormat.OPUS : format;
        assertEquals(probedAs.mimeType(), out.mimeType());
        assertEquals(probedAs.extension(), out.extension());
    }

    @ParameterizedTest
    @EnumSource(
            value = OutputFormat.class,
            names = {"MP3", "WAV", "OGG", "FLAC", "AAC", "OPUS"})
    void audioToAudio(OutputFormat format, @TempDir Path work) {
        ProbeResult out = convert(
                wav, work, new TranscodeSpec(format, null, null, 0.8, null, true), WAV_SECONDS, "wav->" + format);
        assertEquals(audioCodec(format), out.codec());
        assertEquals(WAV_SECONDS, out.duration(), 0.1);
    }

    /**
     * The highest rate the API takes, on the clip's mono sound: libopus refuses over 256 kb/s a channel, so
     * without the ceiling in TranscodeArgs this fails to open the encoder. AAC takes it as it is.
     */
    @ParameterizedTest
    @EnumSource(
            value = OutputFormat.class,
            names = {"OGG", "OPUS", "AAC"})
    void theHighestBitRateEncodesAMonoInput(OutputFormat format, @TempDir Path work) {
        EncodingOptions top = new EncodingOptions(
                null, null, null, null, null, null, null, null, EncodingOptions.MAX_AUDIO_BITRATE, null);
        ProbeResult out = convert(
                video,
                work,
                new TranscodeSpec(format, null, null, 0.8, null, true, top),
                CLIP_SECONDS,
                "video->" + format + " at 320k");
        assertEquals(audioCodec(format), out.codec());
        assertEquals(CLIP_SECONDS, out.duration(), 0.1);
    }

    @ParameterizedTest
    @EnumSource(
            value = OutputFormat.class,
            names = {"JPEG", "PNG", "WEBP", "GIF", "AVIF"})
    void videoToImage(OutputFormat format, @TempDir Path work) {
        ProbeResult out = convert(
                video, work, new TranscodeSpec(format, 160, 120, 0.8, null, true), CLIP_SECONDS, "video->" + format);
        assertEquals(Kind.IMAGE, out.kind());
        assertEquals(format.mimeType(), out.mimeType());
        assertEquals(imageCodec(format), out.codec());
        assertEquals(160, out.width());
        assertEquals(120, out.height());
        long frames = countFrames(work.resolve("output." + format.extension()));
        if (format == OutputFormat.GIF) {
            // 3 s at 10 fps; the GIF encoder merges identical frames, so allow a little less.
            assertTrue(frames > 20 && frames <= 31, frames + " frames");
        } else {
            assertEquals(1, frames);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = OutputFormat.class,
            names = {"JPEG", "PNG", "WEBP", "GIF", "AVIF"})
    void imageToImage(OutputFormat format, @TempDir Path work) {
        ProbeResult out =
                convert(png, work, new TranscodeSpec(format, 160, 120, 0.8, null, false), null, "png->" + format);
        assertEquals(imageCodec(format), out.codec());
        assertEquals(160, out.width());
        assertEquals(120, out.height());
        assertEquals(1, countFrames(work.resolve("output." + format.extension())));
    }

    @Test
    void transparencyBecomesWhiteInAJpegAndStaysInAPng(@TempDir Path work) throws IOException {
        Path clear = TestMedia.transparentPng(work);
        Path jpegDir = Files.createDirectory(work.resolve("jpeg"));
        convert(
                clear,
                jpegDir,
                new TranscodeSpec(OutputFormat.JPEG, 64, 64, 0.8, null, false),
                null,
                "clear png->jpeg");
        assertEquals(
                0xFFFFFF, ImageIO.read(jpegDir.resolve("output.jpg").toFile()).getRGB(32, 32) & 0xFFFFFF);
        // AVIF has no alpha here either: the same white.
        Path avifDir = Files.createDirectory(work.resolve("avif"));
        convert(
                clear,
                avifDir,
                new TranscodeSpec(OutputFormat.AVIF, 64, 64, 0.8, null, false),
                null,
                "clear png->avif");
        Path avifAsPng = Files.createDirectory(work.resolve("avif-png"));
        convert(
                avifDir.resolve("output.avif"),
                avifAsPng,
                new TranscodeSpec(OutputFormat.PNG, 64, 64, 0.8, null, false),
                null,
                "avif->png");
        int rgb = ImageIO.read(avifAsPng.resolve("output.png").toFile()).getRGB(32, 32) & 0xFFFFFF;
        assertTrue((rgb & 0xFF) > 0xF0 && (rgb >> 8 & 0xFF) > 0xF0 && (rgb >> 16) > 0xF0, Integer.toHexString(rgb));
        Path pngDir = Files.createDirectory(work.resolve("png"));
        convert(clear, pngDir, new TranscodeSpec(OutputFormat.PNG, 64, 64, 0.8, null, false), null, "clear png->png");
        assertEquals(0, ImageIO.read(pngDir.resolve("output.png").toFile()).getRGB(32, 32) >>> 24, "still transparent");
    }

    @Test
    void aFramePastTheEndIsTakenJustBeforeIt(@TempDir Path work) {
        ProbeResult out = convert(
                video,
                work,
                new TranscodeSpec(OutputFormat.JPEG, 160, 120, 0.8, 99.0, true),
                CLIP_SECONDS,
                "video->jpeg (past the end)");
        assertEquals("mjpeg", out.codec());
    }

    @ParameterizedTest
    @EnumSource(
            value = OutputFormat.class,
            names = {"JPEG", "PNG", "WEBP", "GIF", "AVIF"})
    void aContainerThatOverstatesItsDurationFallsBackToTheStart(OutputFormat format, @TempDir Path work) {
        // The probe claimed 60 s; the stream ends at 4 s, so 30 s in there is nothing (each encoder reacts
        // differently: an empty file, no file, or a failure to open the encoder).
        ProbeResult out = convert(
                video,
                work,
                new TranscodeSpec(format, 160, 120, 0.8, 30.0, true),
                60.0,
                "video->" + format + " (fallback)");
        assertEquals(imageCodec(format), out.codec());
        if (format == OutputFormat.GIF) {
            assertTrue(countFrames(work.resolve("output.gif")) > 20);
        }
    }

    @Test
    void higherQualityMakesLargerFiles(@TempDir Path low, @TempDir Path high) {
        long lowBytes = run(
                        video,
                        low,
                        new TranscodeSpec(OutputFormat.JPEG, 320, 240, 0.2, null, true),
                        CLIP_SECONDS,
                        TIMEOUT,
                        null,
                        "task_quality")
                .bytes();
        long highBytes = run(
                        video,
                        high,
                        new TranscodeSpec(OutputFormat.JPEG, 320, 240, 1.0, null, true),
                        CLIP_SECONDS,
                        TIMEOUT,
                        null,
                        "task_quality")
                .bytes();
        assertTrue(highBytes > lowBytes * 2, lowBytes + " vs " + highBytes + " bytes");
    }

    @Test
    void mp4HasItsIndexBeforeItsMedia(@TempDir Path work) throws IOException {
        Path mp4 = run(
                        video,
                        work,
                        new TranscodeSpec(OutputFormat.MP4, 160, 120, 0.8, null, true),
                        CLIP_SECONDS,
                        TIMEOUT,
                        null,
                        "task_faststart")
                .output();
        List<String> boxes = topLevelBoxes(Files.readAllBytes(mp4));
        assertTrue(boxes.contains("moov") && boxes.contains("mdat"), boxes.toString());
        assertTrue(boxes.indexOf("moov") < boxes.indexOf("mdat"), "moov after mdat: " + boxes);
    }

    @Test
    void progressRisesToOne(@TempDir Path work) {
        // Long enough that ffmpeg reports (every 0.5 s) before the end, even on a fast machine.
        Path longer = TestMedia.clip(work, 30, true);
        Path out = work.resolve("out");
        createDirectory(out);
        List<Progress> reports = new CopyOnWriteArrayList<>();
        TranscodeResult result = run(
                longer,
                out,
                new TranscodeSpec(OutputFormat.WEBM, 320, 240, 1.0, null, true),
                30.0,
                TIMEOUT,
                reports::add,
                "task_progress");
        ENCODE_MILLIS.put("30s 320x240->webm q1.0", result.elapsed().toMillis());

        assertTrue(reports.size() >= 2, reports.toString());
        double previous = 0;
        for (Progress report : reports) {
            assertTrue(report.fraction() >= previous && report.fraction() <= 1.0, reports.toString());
            previous = report.fraction();
        }
        assertTrue(
                reports.stream().anyMatch(p -> !p.done() && p.fraction() > 0 && p.fraction() < 1), reports.toString());
        Progress last = reports.get(reports.size() - 1);
        assertTrue(last.done());
        assertEquals(1.0, last.fraction());
        assertEquals(30.0, last.outTimeSeconds(), 0.1);
    }

    @Test
    void animatedGifProgressIsRelativeToTheClip(@TempDir Path work) {
        List<Progress> reports = new CopyOnWriteArrayList<>();
        run(
                video,
                work,
                new TranscodeSpec(OutputFormat.GIF, 160, 120, 0.8, null, true),
                CLIP_SECONDS,
                TIMEOUT,
                reports::add,
                "task_gif_progress");
        Progress last = reports.get(reports.size() - 1);
        assertTrue(last.done());
        assertEquals(TranscodeArgs.GIF_CLIP_SECONDS, last.outTimeSeconds(), 0.15);
    }

    @Test
    void randomBytesAreUnsupportedMedia(@TempDir Path work) {
        Path corrupt = TestMedia.corrupt(media);
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> run(
                        corrupt,
                        work,
                        new TranscodeSpec(OutputFormat.WEBM, 160, 120, 0.8, null, true),
                        4.0,
                        TIMEOUT,
                        null,
                        "task_corrupt"));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, e.code(), e.getMessage());
        assertFalse(e.isTransient());
        FfmpegFailure failure = (FfmpegFailure) e;
        assertTrue(failure.stderrTail().contains("Error opening input"), failure.stderrTail());
        assertFalse(e.getMessage().contains(media.toString()), "no server paths in client messages: " + e.getMessage());
        assertEquals(List.of(), list(work));
    }

    @Test
    void framesThatDoNotDecodeAreUnsupportedMedia(@TempDir Path work) {
        Path broken = TestMedia.undecodable(video, media);
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> run(
                        broken,
                        work,
                        new TranscodeSpec(OutputFormat.MP4, 160, 120, 0.8, null, true),
                        CLIP_SECONDS,
                        TIMEOUT,
                        null,
                        "task_undecodable"));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, e.code(), e.getMessage());
        assertFalse(e.isTransient());
        assertEquals(List.of(), list(work));
    }

    @Test
    void aTimeoutIsAPermanentDeadlineExceeded(@TempDir Path work) {
        FfmpegFailure failure = assertThrows(
                FfmpegFailure.class,
                () -> run(
                        video,
                        work,
                        new TranscodeSpec(OutputFormat.WEBM, 320, 240, 1.0, null, true),
                        CLIP_SECONDS,
                        Duration.ofMillis(20),
                        null,
                        "task_timeout"));
        assertEquals(FfmpegFailure.Reason.TIMED_OUT, failure.reason());
        // The deadline is derived from the input: another try would only run into it again.
        assertEquals(ErrorCode.DEADLINE_EXCEEDED, failure.code());
        assertFalse(failure.isTransient());
        assertTrue(failure.getMessage().contains("took longer than"), failure.getMessage());
        assertEquals(List.of(), list(work));
    }

    /**
     * A 8000x8000 one-frame H.264 file of a few hundred kilobytes: VP9 wants gigabytes for it. Under the
     * default ceiling the encoder cannot open, and the conversion fails as a resource limit within seconds.
     */
    @Test
    void aHugePictureToVp9StopsAtTheMemoryCeiling(@TempDir Path work) {
        Path huge = TestMedia.hugeFrame(media);
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> run(
                        huge,
                        work,
                        new TranscodeSpec(OutputFormat.WEBM, 8000, 8000, 0.8, null, false),
                        0.04,
                        TIMEOUT,
                        null,
                        "task_huge"));
        assertEquals(ErrorCode.RESOURCE_LIMIT, e.code(), e.getMessage());
        assertFalse(e.isTransient());
        assertEquals(List.of(), list(work));
    }

    @Test
    void aLeftoverOfAnEarlierAttemptIsReplaced(@TempDir Path work) throws IOException {
        Files.writeString(work.resolve("output.mp3"), "partial upload of a killed attempt");
        ProbeResult out = convert(
                wav,
                work,
                new TranscodeSpec(OutputFormat.MP3, null, null, 0.8, null, true),
                WAV_SECONDS,
                "wav->mp3 (rerun)");
        assertEquals("mp3", out.codec());
    }

    /** Converts a local file into {@code work/output.<extension>}, with {@code work} as FFmpeg's directory too. */
    private TranscodeResult run(
            Path input,
            Path work,
            TranscodeSpec spec,
            Double inputDuration,
            Duration timeout,
            ProgressListener progress,
            String context) {
        return transcoder.run(
                MediaInput.file(input),
                work.resolve("output." + spec.format().extension()),
                work,
                spec,
                inputDuration,
                timeout,
                progress,
                context);
    }

    /** Converts, checks the work directory holds exactly the output, and probes it. */
    private ProbeResult convert(Path input, Path work, TranscodeSpec spec, Double inputDuration, String label) {
        TranscodeResult result = run(
                input,
                work,
                spec,
                inputDuration,
                TIMEOUT,
                null,
                "task_" + spec.format().wire());
        ENCODE_MILLIS.put(label, result.elapsed().toMillis());
        Path expected = work.resolve("output." + spec.format().extension());
        assertEquals(expected, result.output());
        assertEquals(List.of(expected), list(work), "only the output is left in the work directory");
        try {
            assertEquals(Files.size(expected), result.bytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return Ffprobe.probe(result.output(), "task_probe_output");
    }

    private static String videoCodec(OutputFormat format) {
        return switch (format) {
            case MP4, MOV -> "h264";
            case WEBM -> "vp9";
            case AVI -> "mpeg4";
            default -> throw new IllegalArgumentException(format.name());
        };
    }

    private static String audioCodec(OutputFormat format) {
        return switch (format) {
            case MP4, MOV, AAC -> "aac";
            case WEBM, OGG, OPUS -> "opus";
            case AVI, MP3 -> "mp3";
            case WAV -> "pcm_s16le";
            case FLAC -> "flac";
            default -> throw new IllegalArgumentException(format.name());
        };
    }

    private static String imageCodec(OutputFormat format) {
        return switch (format) {
            case JPEG -> "mjpeg";
            case PNG -> "png";
            case WEBP -> "webp";
            case GIF -> "gif";
            case AVIF -> "av1";
            default -> throw new IllegalArgumentException(format.name());
        };
    }

    /** Decoded frames of the first video stream, counted by ffprobe. */
    private static long countFrames(Path file) {
        String count = FfmpegRunner.shared()
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
                                "file:" + file)),
                        "task_count")
                .stdoutText()
                .trim();
        return Long.parseLong(count);
    }

    /** The types of an ISO-BMFF file's top-level boxes, in file order. */
    private static List<String> topLevelBoxes(byte[] file) {
        List<String> types = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(file);
        long offset = 0;
        while (offset + 8 <= file.length) {
            long size = buffer.getInt((int) offset) & 0xFFFFFFFFL;
            types.add(new String(file, (int) offset + 4, 4, StandardCharsets.US_ASCII));
            if (size == 1) {
                size = buffer.getLong((int) offset + 8); // 64-bit size follows the type
            } else if (size == 0) {
                break; // extends to the end of the file
            }
            if (size < 8) {
                throw new AssertionError("malformed box at " + offset + ": " + types);
            }
            offset += size;
        }
        return types;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
