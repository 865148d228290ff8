package dev.smidgen.media.transcode.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.testing.HlsProof;
import dev.smidgen.media.testing.TestMedia;
import dev.smidgen.media.transcode.TranscodeResources;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages generated video with the bundled ffmpeg and reads every rung back with FFmpeg's HLS demuxer. */
@Tag("slow") // left out of the fast loop (CONTRIBUTING.md); verify runs it
class HlsPackagerTests {
    private static final int SECONDS = 9;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path media;

    static Path video;
    static Path silent;

    private final HlsPackager packager = new HlsPackager(
            FfmpegRunner.shared(), new TranscodeResources(2, TranscodeResources.DEFAULT_MEMORY_LIMIT_BYTES));

    @BeforeAll
    static void generate() {
        video = TestMedia.video(media, "hd", 1280, 720, SECONDS, true);
        silent = TestMedia.video(media, "silent", 640, 360, 5, false);
    }

    @Test
    void everyRungPlaysEndToEndWithAlignedKeyframesAndFourSecondSegments(@TempDir Path out) throws IOException {
        HlsSpec spec = new HlsSpec(HlsLadder.of(1280, 720, 0.8), 128, true, 25.0);
        List<Double> progress = new CopyOnWriteArrayList<>();
        HlsPackage pkg = packager.run(
                MediaInput.file(video),
                out,
                spec,
                (double) SECONDS,
                TIMEOUT,
                p -> {
                    if (p.fraction() != null) {
                        progress.add(p.fraction());
                    }
                },
                "test");

        assertEquals(
                List.of("720p", "480p", "360p", "240p", "audio"),
                pkg.renditions().stream().map(HlsRendition::name).toList());
        assertTrue(pkg.files().contains("master.m3u8"));
        assertFalse(Files.exists(out.resolve(HlsArgs.FFMPEG_MASTER)), "FFmpeg's own master is not part of it");
        assertEquals(pkg.bytes(), sum(out));
        assertFalse(progress.isEmpty());
        assertTrue(progress.get(progress.size() - 1) > 0.5, progress.toString());

        String master = Files.readString(out.resolve("master.m3u8"));
        assertTrue(master.contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\""), master);
        List<String> variants =
                master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList();
        assertEquals(4, variants.size(), master);
        for (String v : variants) {
            for (String attr : List.of(
                    "BANDWIDTH=",
                    "AVERAGE-BANDWIDTH=",
                    "CODECS=\"avc1.",
                    ",mp4a.40.2\"",
                    "RESOLUTION=",
                    "FRAME-RATE=25.000",
                    "AUDIO=\"audio\"")) {
                assertTrue(v.contains(attr), attr + " in " + v);
            }
        }
        assertTrue(variants.get(0).contains("RESOLUTION=1280x720"), variants.get(0));

        List<Double> referenceKeyframes = null;
        for (HlsRendition r : pkg.renditions()) {
            String playlist = Files.readString(out.resolve(r.playlist()));
            List<Double> segments = HlsProof.segmentSeconds(playlist);
            assertTrue(playlist.contains("#EXT-X-MAP:URI="), r.name());
            assertTrue(playlist.contains("#EXT-X-ENDLIST"), r.name());
            double total = segments.stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(SECONDS, total, 0.2, r.name() + " covers the whole input: " + segments);
            if (!r.isAudio()) {
                // Every segment but the last is 4 s: cut at the keyframe forced there.
                for (int i = 0; i < segments.size() - 1; i++) {
                    assertEquals(4.0, segments.get(i), 0.05, r.name() + " segment " + i + ": " + segments);
                }
                assertEquals(3, segments.size(), r.name() + ": " + segments);
            }
            HlsProof.decode(out.resolve(r.playlist()).toString());
            HlsProof.Read read = HlsProof.read(out.resolve(r.playlist()).toString());
            assertTrue(read.lastPts() > SECONDS - 0.5, r.name() + " read to its end: " + read.lastPts());
            if (!r.isAudio()) {
                assertEquals(SECONDS * 25, read.packets(), r.name() + ": every frame is there");
                // A keyframe every 2 s and none in between, at the same times in every rung.
                assertEquals(5, read.keyframes().size(), r.name() + ": " + read.keyframes());
                if (referenceKeyframes == null) {
                    referenceKeyframes = read.keyframes();
                } else {
                    assertEquals(referenceKeyframes, read.keyframes(), r.name() + " keyframes align with the top rung");
                }
            }
        }
        for (int i = 1; i < referenceKeyframes.size(); i++) {
            assertEquals(
                    2.0,
                    referenceKeyframes.get(i) - referenceKeyframes.get(i - 1),
                    0.001,
                    referenceKeyframes.toString());
        }
        HlsRendition top = pkg.top();
        assertTrue(top.peakBitsPerSecond() >= top.averageBitsPerSecond());
        assertTrue(top.averageBitsPerSecond() > pkg.renditions().get(1).averageBitsPerSecond());
    }

    @Test
    void aSilentVideoHasNoAudioGroup(@TempDir Path out) throws IOException {
        HlsSpec spec = new HlsSpec(HlsLadder.of(640, 360, 0.8), 128, false, 25.0);
        HlsPackage pkg = packager.run(MediaInput.file(silent), out, spec, 5.0, TIMEOUT, null, "test");
        assertEquals(
                List.of("360p", "240p"),
                pkg.renditions().stream().map(HlsRendition::name).toList());
        String master = Files.readString(pkg.master());
        assertFalse(master.contains("AUDIO"), master);
        assertFalse(master.contains("mp4a"), master);
        HlsProof.decode(out.resolve("240p/index.m3u8").toString());
    }

    @Test
    void anUnreadableInputIsUnsupportedAndLeavesNothing(@TempDir Path out) {
        Path corrupt = TestMedia.corrupt(media);
        HlsSpec spec = new HlsSpec(HlsLadder.of(640, 360, 0.8), 128, true, 25.0);
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> packager.run(MediaInput.file(corrupt), out, spec, 5.0, TIMEOUT, null, "test"));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, e.code());
        assertEquals(0, sum(out));
    }

    @Test
    void aRunPastItsDeadlineIsDeadlineExceeded(@TempDir Path out) {
        HlsSpec spec = new HlsSpec(HlsLadder.of(1280, 720, 0.8), 128, true, 25.0);
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> packager.run(
                        MediaInput.file(video), out, spec, (double) SECONDS, Duration.ofMillis(200), null, "t"));
        assertEquals(ErrorCode.DEADLINE_EXCEEDED, e.code());
        assertEquals(0, sum(out));
    }

    private static long sum(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
