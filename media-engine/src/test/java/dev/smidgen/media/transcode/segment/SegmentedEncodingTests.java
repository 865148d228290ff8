package dev.smidgen.media.transcode.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.testing.TestMedia;
import dev.smidgen.media.transcode.TranscodeArgs;
import dev.smidgen.media.transcode.TranscodeResources;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.media.transcode.Transcoder;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.VideoCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Splits generated inputs, encodes every range and the audio apart, joins them, and holds the result
 * against the same conversion run unsplit and against the input: the same frames at the same times,
 * keyframes at every boundary and nowhere missing, identical codec parameters in every segment, and the
 * audio where the unsplit conversion has it.
 */
@Tag("slow") // real encodes; left out of the fast loop (CONTRIBUTING.md), verify runs it
class SegmentedEncodingTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** x264's default GOP limit (keyint 250): the unsplit encode's cadence, which no segment may exceed. */
    private static final int GOP_FRAMES = 250;
    /** Timestamps are compared to the tick of the coarsest time base involved (mp4 of 1/12800 s, TS 1/90000 s). */
    private static final double TICK = 0.0005;

    private static final AtomicInteger TASKS = new AtomicInteger();

    @TempDir
    Path dir;

    private final FfmpegRunner runner = FfmpegRunner.shared();
    private final SegmentPlanner planner = new SegmentPlanner(runner);
    private final SegmentEncoder encoder = new SegmentEncoder(runner, TranscodeResources.DEFAULT_MEMORY_LIMIT_BYTES);
    private final AudioTrackEncoder audioEncoder =
            new AudioTrackEncoder(runner, TranscodeResources.DEFAULT_MEMORY_LIMIT_BYTES);
    private final SegmentJoiner joiner = new SegmentJoiner(runner);
    private final Transcoder transcoder =
            new Transcoder(runner, new TranscodeResources(1, TranscodeResources.DEFAULT_MEMORY_LIMIT_BYTES));

    @Test
    void constantRateJoinsToTheUnsplitEncode() throws IOException {
        Path input = SplitMedia.constantRate(dir);
        Split split = splitAndJoin(input, spec(OutputFormat.MP4, 320, 240, EncodingOptions.NONE), 2.0);
        assertEquals(4, split.ranges.size(), "8 s in ranges of about 2 s: " + split.ranges);
        split.assertSameAsUnsplit(input);
        // With a keyframe every second, every cut is on one of the input's keyframes.
        for (SegmentRange range : split.ranges.subList(1, split.ranges.size())) {
            assertTrue(
                    range.decodeFrom() > range.start() && range.decodeFrom() < range.start() + 0.05, range.toString());
        }
    }

    @Test
    void sparseKeyframesAreCutAtExactTimes() throws IOException {
        Path input = SplitMedia.sparseKeyframes(dir);
        Split split = splitAndJoin(input, spec(OutputFormat.MP4, 320, 240, EncodingOptions.NONE), 2.0);
        assertEquals(3, split.ranges.size(), split.ranges.toString());
        for (SegmentRange range : split.ranges.subList(1, split.ranges.size())) {
            assertEquals(0.0, range.decodeFrom(), "only the first frame is a keyframe: " + range);
            assertEquals(range.index() * 2.0 - 0.02, range.start(), 1e-9, "half-way before the frame at the multiple");
        }
        split.assertSameAsUnsplit(input);
    }

    @Test
    void variableFrameRateKeepsEveryFrameTime() throws IOException {
        Path input = SplitMedia.variableRate(dir);
        Split split = splitAndJoin(input, spec(OutputFormat.MP4, 320, 240, EncodingOptions.NONE), 2.0);
        split.assertSameAsUnsplit(input);
        double[] gaps = split.joinedFrames.stream().mapToDouble(f -> f[0]).toArray();
        assertTrue(gaps[1] - gaps[0] > 0.04 && gaps[gaps.length - 1] - gaps[gaps.length - 2] < 0.034, "24 then 30 fps");
    }

    @Test
    void rotatedPhoneClipIsTurnedInEverySegment() throws IOException {
        Path input = SplitMedia.rotated(dir);
        // Displayed upright it is 240 wide and 320 high; the unsplit conversion turns it the same way.
        Split split = splitAndJoin(input, spec(OutputFormat.MP4, 240, 320, EncodingOptions.NONE), 2.0);
        split.assertSameAsUnsplit(input);
        Map<String, String> video = SplitMedia.stream(split.joined, "v");
        assertEquals("240", video.get("width"));
        assertEquals("320", video.get("height"));
    }

    @Test
    void clippedConversionKeepsTheUnsplitClip() throws IOException {
        Path input = SplitMedia.constantRate(dir);
        EncodingOptions end = new EncodingOptions(null, null, null, null, null, null, null, null, null, 6.13);
        TranscodeSpec spec = new TranscodeSpec(OutputFormat.MP4, 320, 240, 0.5, 1.31, true, end);
        Split split = splitAndJoin(input, spec, 2.0);
        assertEquals(1.31, split.ranges.get(0).start(), 1e-9);
        split.assertSameAsUnsplit(input);
    }

    @Test
    void webmSegmentsJoinInMatroska() throws IOException {
        Path input = SplitMedia.constantRate(dir);
        Split split = splitAndJoin(input, spec(OutputFormat.WEBM, 320, 240, EncodingOptions.NONE), 3.0);
        assertEquals("vp9", SplitMedia.stream(split.segments.get(0), "v").get("codec_name"));
        split.assertSameAsUnsplit(input);
    }

    @ParameterizedTest
    @CsvSource({"mp4,h265", "webm,av1", "mov,h264"})
    void everyVideoCodecJoinsToTheUnsplitEncode(String format, String codec) throws IOException {
        Path input = SplitMedia.constantRate(dir);
        EncodingOptions options =
                new EncodingOptions(VideoCodec.ofWire(codec), null, null, null, null, null, null, null, null, null);
        Split split = splitAndJoin(
                input, spec(OutputFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT)), 320, 240, options), 3.0);
        assertEquals(
                codec.equals("h265") ? "hevc" : codec,
                SplitMedia.stream(split.segments.get(0), "v").get("codec_name"));
        split.assertSameAsUnsplit(input);
    }

    @Test
    void aviIsNotSplit() {
        Path input = SplitMedia.constantRate(dir);
        TranscodeSpec avi = spec(OutputFormat.AVI, 320, 240, EncodingOptions.NONE);
        NotSplittable refused = assertThrows(
                NotSplittable.class, () -> planner.plan(MediaInput.file(input), avi, 8.0, 2.0, TIMEOUT, "avi"));
        assertEquals(ErrorCode.CONVERSION_NOT_ALLOWED, refused.code());
    }

    @Test
    void anInputWithoutVideoIsNotSplit() {
        Path wav = TestMedia.wav(dir, 3);
        assertThrows(
                NotSplittable.class,
                () -> planner.plan(
                        MediaInput.file(wav),
                        spec(OutputFormat.MP4, 320, 240, EncodingOptions.NONE),
                        3.0,
                        1.0,
                        TIMEOUT,
                        "no-video"));
    }

    @Test
    void aBrokenInputFailsAsUnsupportedAndLeavesNoSegment() throws IOException {
        Path broken = dir.resolve("broken.mp4");
        Files.write(broken, new byte[64 * 1024]);
        Path segment = dir.resolve("segment-0.ts");
        SmidgenException failure = assertThrows(
                SmidgenException.class,
                () -> encoder.encode(
                        MediaInput.file(broken),
                        new SegmentRange(0, 1.0, 2.0, 1.0),
                        spec(OutputFormat.MP4, 320, 240, EncodingOptions.NONE),
                        1,
                        segment,
                        TIMEOUT,
                        null,
                        "broken"));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, failure.code());
        assertFalse(Files.exists(segment));
    }

    @Test
    void aJoinWithAMissingSegmentFailsAndLeavesNoOutput() {
        Path output = dir.resolve("joined.mp4");
        SmidgenException failure = assertThrows(
                SmidgenException.class,
                () -> joiner.joinProgressive(
                        List.of(dir.resolve("segment-0.ts")),
                        Optional.empty(),
                        spec(OutputFormat.MP4, 320, 240, EncodingOptions.NONE),
                        output,
                        TIMEOUT,
                        "missing"));
        assertEquals(ErrorCode.INTERNAL, failure.code());
        assertFalse(Files.exists(output));
    }

    private static TranscodeSpec spec(OutputFormat format, int width, int height, EncodingOptions options) {
        return new TranscodeSpec(format, width, height, 0.5, null, true, options);
    }

    private Split splitAndJoin(Path input, TranscodeSpec spec, double target) throws IOException {
        String task = "split-" + TASKS.incrementAndGet();
        MediaInput media = MediaInput.file(input);
        double duration = Ffprobe.probe(media, task).duration();
        List<SegmentRange> ranges = planner.plan(media, spec, duration, target, TIMEOUT, task);
        Path work = Files.createDirectories(dir.resolve(task));
        List<Path> segments = new ArrayList<>();
        for (SegmentRange range : ranges) {
            Path segment = work.resolve(
                    "segment-" + range.index() + "." + SegmentContainer.of(spec).extension());
            encoder.encode(media, range, spec, 1, segment, TIMEOUT, null, task);
            segments.add(segment);
        }
        Optional<Path> audio = audioEncoder
                .encode(
                        media,
                        spec,
                        duration,
                        1,
                        work.resolve("audio." + AudioTrackEncoder.EXTENSION),
                        TIMEOUT,
                        null,
                        task)
                .map(result -> result.output());
        Path joined = work.resolve("joined." + spec.format().wire());
        joiner.joinProgressive(segments, audio, spec, joined, TIMEOUT, task);
        Path whole = work.resolve("whole." + spec.format().wire());
        transcoder.run(media, whole, work, spec, duration, TIMEOUT, null, task);
        return new Split(spec, ranges, segments, joined, whole, SplitMedia.frames(joined));
    }

    private record Split(
            TranscodeSpec spec,
            List<SegmentRange> ranges,
            List<Path> segments,
            Path joined,
            Path whole,
            List<double[]> joinedFrames) {

        void assertSameAsUnsplit(Path input) {
            List<double[]> unsplit = SplitMedia.frames(whole);
            assertEquals(unsplit.size(), joinedFrames.size(), "frame count of the joined and the unsplit output");
            double previous = Double.NEGATIVE_INFINITY;
            int sinceKey = 0;
            for (int i = 0; i < joinedFrames.size(); i++) {
                double at = joinedFrames.get(i)[0];
                assertTrue(at > previous, "frame " + i + " at " + at + " after " + previous);
                assertEquals(
                        unsplit.get(i)[0], at, TICK, "frame " + i + " of the joined output against the unsplit one");
                previous = at;
                sinceKey = joinedFrames.get(i)[1] == 1 ? 0 : sinceKey + 1;
                assertTrue(sinceKey < GOP_FRAMES, "a keyframe at least every " + GOP_FRAMES + " frames");
            }
            assertKeyframeAtEveryBoundary();
            assertSameParametersInEverySegment();
            assertAudioInSync();
            if (spec.encoding().end() == null && spec.frameAt() == null) {
                assertEquals(SplitMedia.frames(input).size(), joinedFrames.size(), "the input's frame count");
            }
        }

        /** Each segment's first frame starts a GOP of the joined stream. */
        private void assertKeyframeAtEveryBoundary() {
            int index = 0;
            for (Path segment : segments) {
                int frames = SplitMedia.frames(segment).size();
                assertTrue(frames > 0, "segment " + segment + " has frames");
                assertEquals(1.0, joinedFrames.get(index)[1], "keyframe at the start of " + segment.getFileName());
                index += frames;
            }
            assertEquals(joinedFrames.size(), index, "the segments' frames are the joined output's frames");
        }

        private void assertSameParametersInEverySegment() {
            Map<String, String> first = parameters(segments.get(0));
            for (Path segment : segments) {
                assertEquals(first, parameters(segment), "codec parameters of " + segment.getFileName());
            }
            if (TranscodeArgs.videoCodec(spec) == VideoCodec.H264) {
                assertEquals("High", first.get("profile"));
            }
        }

        private static Map<String, String> parameters(Path segment) {
            Map<String, String> stream = SplitMedia.stream(segment, "v");
            return Map.of(
                    "codec_name", stream.get("codec_name"),
                    "profile", stream.get("profile"),
                    "level", stream.get("level"),
                    "pix_fmt", stream.get("pix_fmt"),
                    "time_base", stream.get("time_base"),
                    "size", stream.get("width") + "x" + stream.get("height"));
        }

        /** The audio starts and lasts as in the unsplit output, within one audio frame. */
        private void assertAudioInSync() {
            Map<String, String> joinedAudio = SplitMedia.stream(joined, "a");
            Map<String, String> unsplitAudio = SplitMedia.stream(whole, "a");
            double frame = (spec.format() == OutputFormat.WEBM ? 960.0 : 1024.0)
                    / Double.parseDouble(joinedAudio.get("sample_rate"));
            assertEquals(
                    Double.parseDouble(unsplitAudio.get("start_time")),
                    Double.parseDouble(joinedAudio.get("start_time")),
                    frame,
                    "audio start");
            if (!"N/A".equals(unsplitAudio.get("duration"))) { // WebM has no stream durations; packets tell
                assertEquals(
                        Double.parseDouble(unsplitAudio.get("duration")),
                        Double.parseDouble(joinedAudio.get("duration")),
                        frame,
                        "audio duration");
            }
            double videoStart =
                    Double.parseDouble(SplitMedia.stream(joined, "v").get("start_time"));
            double unsplitVideoStart =
                    Double.parseDouble(SplitMedia.stream(whole, "v").get("start_time"));
            assertEquals(unsplitVideoStart, videoStart, TICK, "video start");
            List<Double> joinedPackets = SplitMedia.audioPackets(joined);
            List<Double> unsplitPackets = SplitMedia.audioPackets(whole);
            assertEquals(unsplitPackets.size(), joinedPackets.size(), "audio packets");
            for (int i = 0; i < joinedPackets.size(); i++) {
                assertEquals(unsplitPackets.get(i), joinedPackets.get(i), 0.0011, "audio packet " + i);
            }
        }
    }
}
