package dev.smidgen.media.transcode.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.transcode.TranscodeArgs;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.VideoCodec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact command of a segment encode and of a join. */
class SegmentArgsTests {
    private static final MediaInput INPUT = MediaInput.file(Path.of("/work/in.mp4"));
    private static final InputTimeline TIMELINE = new InputTimeline(0.5, 60.0, 25.0);
    private static final TranscodeSpec MP4 = new TranscodeSpec(OutputFormat.MP4, 1280, 720, 0.5, null, true);

    @Test
    void seeksToTheKeyframeKeepsTimestampsAndTrimsTheRange() {
        List<String> args =
                SegmentArgs.build(INPUT, TIMELINE, new SegmentRange(2, 3.98, 6.02, 4.0), MP4, 1, Path.of("/w/s.ts"));
        // -ss is relative to the start time (0.5), just past the keyframe
        assertEquals("3.500100", after(args, "-ss"));
        assertTrue(args.indexOf("-noaccurate_seek") < args.indexOf("-i"));
        assertTrue(args.indexOf("-copyts") < args.indexOf("-i"));
        assertEquals("trim=start=3.980000:end=6.020000," + TranscodeArgs.videoFilter(MP4), after(args, "-vf"));
        assertEquals("9.500000", after(args, "-output_ts_offset"), "10 s minus the input's start");
        assertEquals("1", after(args, "-mpegts_copyts"));
        assertEquals("mpegts", after(args, "-f"));
        assertTrue(args.contains("-an"));
        assertEquals("high", after(args, "-profile:v"));
        assertEquals("3.1", after(args, "-level:v"), "720p at 25 fps");
        // decoder, filter and encoder threads
        assertEquals(2, Collections.frequency(args, "-threads"));
        assertEquals("1", after(args, "-filter_threads"));
        // the whole conversion's encoder settings, verbatim
        String joined = String.join(" ", args);
        assertTrue(joined.contains(String.join(" ", TranscodeArgs.videoEncoder(MP4, ""))), joined);
    }

    @Test
    void theFirstRangeDecodesFromTheBeginningAndTheLastHasNoEnd() {
        List<String> first = SegmentArgs.build(
                INPUT,
                TIMELINE,
                new SegmentRange(0, Double.NEGATIVE_INFINITY, 2.02, Double.NEGATIVE_INFINITY),
                MP4,
                0,
                Path.of("/w/s.ts"));
        assertFalse(first.contains("-ss"));
        assertFalse(first.contains("-threads"));
        assertEquals("trim=end=2.020000," + TranscodeArgs.videoFilter(MP4), after(first, "-vf"));
        List<String> last = SegmentArgs.build(
                INPUT, TIMELINE, new SegmentRange(1, 2.02, Double.POSITIVE_INFINITY, 2.04), MP4, 0, Path.of("/w/s.ts"));
        assertEquals("trim=start=2.020000," + TranscodeArgs.videoFilter(MP4), after(last, "-vf"));
    }

    @Test
    void aFrameRateChangeIsTrimmedAfterTheFpsFilter() {
        EncodingOptions fps = new EncodingOptions(null, null, null, null, null, null, null, 30.0, null, null);
        TranscodeSpec spec = new TranscodeSpec(OutputFormat.MP4, 640, 360, 0.5, null, false, fps);
        String filter = SegmentArgs.filter(new SegmentRange(1, 2, 4, 2), spec);
        assertTrue(filter.endsWith(",fps=30,trim=start=2.000000:end=4.000000"), filter);
    }

    @Test
    void vp9AndAv1GoToMatroskaWithTheirProfileAndThreads() {
        TranscodeSpec webm = new TranscodeSpec(OutputFormat.WEBM, 640, 360, 0.5, null, true);
        List<String> vp9 =
                SegmentArgs.build(INPUT, TIMELINE, new SegmentRange(0, 1, 2, 1), webm, 2, Path.of("/w/s.mkv"));
        assertEquals("matroska", after(vp9, "-f"));
        assertEquals("0", after(vp9, "-profile:v"));
        assertFalse(vp9.contains("-mpegts_copyts"));
        EncodingOptions av1 = new EncodingOptions(VideoCodec.AV1, null, null, null, null, null, null, null, null, null);
        List<String> svt = SegmentArgs.build(
                INPUT,
                TIMELINE,
                new SegmentRange(0, 1, 2, 1),
                new TranscodeSpec(OutputFormat.WEBM, 640, 360, 0.5, null, true, av1),
                2,
                Path.of("/w/s.mkv"));
        assertEquals("lp=2", after(svt, "-svtav1-params"));
    }

    @Test
    void h265NamesItsLevelAndPoolInItsOneParamsOption() {
        EncodingOptions hevc =
                new EncodingOptions(VideoCodec.H265, null, null, null, null, null, null, null, null, null);
        TranscodeSpec spec = new TranscodeSpec(OutputFormat.MP4, 1920, 1080, 0.5, null, true, hevc);
        List<String> args =
                SegmentArgs.build(INPUT, TIMELINE, new SegmentRange(0, 1, 2, 1), spec, 3, Path.of("/w/s.ts"));
        assertEquals(1, Collections.frequency(args, "-x265-params"));
        assertEquals("log-level=error:level-idc=4.0:pools=3", after(args, "-x265-params"));
        assertEquals("main", after(args, "-profile:v"));
    }

    @Test
    void levelsFollowPictureSizeAndRate() {
        assertEquals("4.0", CodecLevel.h264(1920, 1080, 30));
        assertEquals("4.2", CodecLevel.h264(1920, 1080, 60));
        assertEquals("3.1", CodecLevel.h264(1280, 720, 30));
        assertEquals("5.1", CodecLevel.h264(3840, 2160, 30));
        assertEquals("4.1", CodecLevel.h265(1920, 1080, 60));
        assertEquals("5.0", CodecLevel.h265(3840, 2160, 30));
    }

    @Test
    void theJoinListsEachSegmentWithTheDistanceToTheNextAndShiftsTheStreamsBack() {
        String list = SegmentJoiner.concatList(
                List.of(Path.of("/w/a.ts"), Path.of("/w/b.ts")), new long[] {10_000_000, 13_040_000});
        assertEquals("ffconcat version 1.0\nfile 'file:/w/a.ts'\nduration 3.040000\nfile 'file:/w/b.ts'\n", list);
        List<String> args =
                SegmentJoiner.args(Path.of("/w/l"), -23_220L, Path.of("/w/a.mka"), -23_220L, MP4, Path.of("/w/o.mp4"));
        assertEquals("-0.023220", after(args, "-itsoffset"));
        assertEquals("copy", after(args, "-c"));
        assertEquals("+faststart", after(args, "-movflags"));
        assertEquals("mp4", args.get(args.size() - 2));
    }

    private static String after(List<String> args, String option) {
        int at = args.indexOf(option);
        assertTrue(at >= 0, option + " in " + args);
        return args.get(at + 1);
    }
}
