package dev.smidgen.media.transcode.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.testing.HlsProof;
import dev.smidgen.media.transcode.TranscodeResources;
import dev.smidgen.media.transcode.hls.HlsLadder;
import dev.smidgen.media.transcode.hls.HlsPackage;
import dev.smidgen.media.transcode.hls.HlsPackager;
import dev.smidgen.media.transcode.hls.HlsRendition;
import dev.smidgen.media.transcode.hls.HlsSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packages a generated input as HLS in ranges (every rung of a range from one decode, the audio once)
 * and holds the joined package against the unsplit one, read by FFmpeg's HLS demuxer as a player reads
 * it: the same frames at the same distances, a keyframe at the start of every segment, the audio at the
 * same distance from the video, the same codecs.
 */
@Tag("slow") // real encodes; verify runs it
class SplitHlsTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String TASK = "split-hls";

    @TempDir
    Path dir;

    private final FfmpegRunner runner = FfmpegRunner.shared();

    @Test
    void joinedLadderPlaysAsTheUnsplitPackage() throws IOException {
        Path source = SplitMedia.ladderSource(dir);
        MediaInput input = MediaInput.file(source);
        double duration = Ffprobe.probe(input, TASK).duration();
        HlsSpec spec = new HlsSpec(HlsLadder.of(640, 360, 0.8), 96, true, 25.0);
        assertTrue(spec.rungs().size() >= 2, "a ladder: " + spec.rungs());

        List<SegmentRange> ranges = new SegmentPlanner(runner).plan(input, duration, 4.0, TIMEOUT, TASK);
        assertEquals(3, ranges.size(), ranges.toString());
        SegmentEncoder encoder = new SegmentEncoder(runner, TranscodeResources.DEFAULT_MEMORY_LIMIT_BYTES);
        List<Path> parts = new ArrayList<>();
        for (SegmentRange range : ranges) {
            Path part = Files.createDirectories(dir.resolve("range-" + range.index()));
            encoder.encodeHls(input, range, spec, 1, part, TIMEOUT, null, TASK);
            parts.add(part);
        }
        Path audioPart = Files.createDirectories(dir.resolve("audio-part"));
        Optional<Path> audio = new AudioTrackEncoder(runner, 0)
                .encodeHls(input, spec, duration, 1, audioPart, TIMEOUT, null, TASK)
                .map(PackagePart::directory);
        Path joinedDir = Files.createDirectories(dir.resolve("joined"));
        HlsPackage joined = new SegmentJoiner(runner).joinHls(parts, audio, spec, joinedDir, TASK);

        Path wholeDir = Files.createDirectories(dir.resolve("whole"));
        HlsPackage whole = new HlsPackager(runner, new TranscodeResources(1, 0))
                .run(input, wholeDir, spec, duration, TIMEOUT, null, TASK);

        assertEquals(whole.renditions().size(), joined.renditions().size());
        String master = Files.readString(joined.master());
        for (int i = 0; i < whole.renditions().size(); i++) {
            HlsRendition expected = whole.renditions().get(i);
            HlsRendition actual = joined.renditions().get(i);
            assertEquals(expected.name(), actual.name());
            assertEquals(expected.codec(), actual.codec(), "codec string (profile and level) of " + actual.name());
            assertTrue(master.contains(actual.playlist()), master);
            String playlist = joinedDir.resolve(actual.playlist()).toString();
            HlsProof.decode(playlist); // every segment decodes under each range's init segment, without an error
            if (!actual.isAudio()) {
                assertSameFrames(wholeDir.resolve(expected.playlist()).toString(), playlist, actual.name());
                assertKeyframeStartsEverySegment(joinedDir.resolve(actual.name()), actual.name());
            }
        }
        assertAudioAtTheSameDistance(whole, joined);
        assertFalse(Files.exists(joinedDir.resolve("ffmpeg-master.m3u8")), "FFmpeg's master is replaced");
    }

    /** The same number of frames, at the same distances from the first (the split package runs 10 s late). */
    private static void assertSameFrames(String wholePlaylist, String joinedPlaylist, String rung) {
        List<Double> expected = times(wholePlaylist);
        List<Double> actual = times(joinedPlaylist);
        assertEquals(expected.size(), actual.size(), "frames of " + rung);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(
                    expected.get(i) - expected.get(0), actual.get(i) - actual.get(0), 0.0005, rung + " frame " + i);
            if (i > 0) {
                assertTrue(actual.get(i) > actual.get(i - 1), rung + " frame " + i + " after the one before");
            }
        }
    }

    private static List<Double> times(String playlist) {
        List<Double> times = new ArrayList<>();
        for (String line : packetLines(playlist)) {
            times.add(Double.parseDouble(line.split(",")[0]));
        }
        times.sort(Double::compare);
        return times;
    }

    private static List<String> packetLines(String playlist) {
        HlsProof.Read read = HlsProof.read(playlist);
        // HlsProof gives counts and keyframes; the full list comes from the same demuxer run shape.
        List<String> lines = new ArrayList<>();
        String out = SplitMedia.ffprobe(
                "-v",
                "error",
                "-protocol_whitelist",
                "file",
                "-show_entries",
                "packet=pts_time",
                "-of",
                "csv=p=0",
                playlist);
        for (String line : out.split("\n")) {
            if (!line.isBlank() && !line.startsWith("N/A")) {
                lines.add(line.replace(",", "").strip());
            }
        }
        assertEquals(read.packets(), lines.size());
        return lines;
    }

    /** Each media segment of the rung starts with a keyframe: read alone under its init segment. */
    private static void assertKeyframeStartsEverySegment(Path rungDir, String rung) throws IOException {
        List<HlsJoin.Entry> entries = HlsJoin.read(Files.readString(rungDir.resolve(HlsSpec.MEDIA_PLAYLIST)));
        for (HlsJoin.Entry entry : entries) {
            Path alone = rungDir.resolve("check-" + entry.uri() + ".mp4");
            Files.write(alone, concat(rungDir.resolve(entry.map()), rungDir.resolve(entry.uri())));
            String first = SplitMedia.ffprobe(
                            "-v",
                            "error",
                            "-select_streams",
                            "v:0",
                            "-show_entries",
                            "packet=flags",
                            "-read_intervals",
                            "%+#1",
                            "-of",
                            "csv=p=0",
                            alone.toString())
                    .strip();
            assertTrue(first.startsWith("K"), rung + " " + entry.uri() + " starts with " + first);
            Files.delete(alone);
        }
        assertTrue(entries.size() >= 3, "at least one segment per range in " + rung);
    }

    private static byte[] concat(Path a, Path b) throws IOException {
        byte[] first = Files.readAllBytes(a);
        byte[] second = Files.readAllBytes(b);
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** The audio rendition starts as far from the video as in the unsplit package, within one AAC frame. */
    private static void assertAudioAtTheSameDistance(HlsPackage whole, HlsPackage joined) {
        double frame = 1024.0 / 44100;
        double wholeGap = times(whole.directory().resolve("audio/index.m3u8").toString())
                        .get(0)
                - times(whole.directory().resolve(whole.top().playlist()).toString())
                        .get(0);
        double joinedGap = times(joined.directory().resolve("audio/index.m3u8").toString())
                        .get(0)
                - times(joined.directory().resolve(joined.top().playlist()).toString())
                        .get(0);
        assertEquals(wholeGap, joinedGap, frame / 2, "audio against video");
        assertEquals(
                times(whole.directory().resolve("audio/index.m3u8").toString()).size(),
                times(joined.directory().resolve("audio/index.m3u8").toString()).size(),
                "audio packets");
    }
}
