package dev.smidgen.media.transcode.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cut rule on synthetic frame lists: where boundaries go, and that every frame has exactly one range. */
class SegmentCutsTests {
    private static final double NEG = Double.NEGATIVE_INFINITY;
    private static final double POS = Double.POSITIVE_INFINITY;

    @Test
    void cutsAtTheFirstKeyframeAfterEachMultiple() {
        // 25 fps for 10 s, a keyframe every 1.2 s: after 2 s the next one is at 2.4, after 4 s at 4.8.
        FrameIndex frames = frames(250, 0.04, 30);
        List<SegmentRange> ranges = SegmentCuts.cut(frames, NEG, POS, new double[] {2, 4, 6, 8}, 2);
        assertEquals(5, ranges.size());
        assertEquals(2.38, ranges.get(1).start(), 1e-9, "half-way between 2.36 and the keyframe at 2.40");
        assertEquals(2.40, ranges.get(1).decodeFrom(), 1e-9);
        assertEquals(4.78, ranges.get(2).start(), 1e-9);
        assertEquals(NEG, ranges.get(0).start());
        assertEquals(POS, ranges.get(4).end());
        assertPartition(frames, ranges);
    }

    @Test
    void sparseKeyframesCutAtTheFrameAtTheMultiple() {
        FrameIndex frames = frames(250, 0.04, 1000); // one keyframe, at 0
        List<SegmentRange> ranges = SegmentCuts.cut(frames, NEG, POS, new double[] {3, 6}, 3);
        assertEquals(3, ranges.size());
        assertEquals(2.98, ranges.get(1).start(), 1e-9);
        assertEquals(0.0, ranges.get(1).decodeFrom(), "decoding starts at the only keyframe");
        assertEquals(5.98, ranges.get(2).start(), 1e-9);
        assertPartition(frames, ranges);
    }

    @Test
    void aKeyframeFurtherThanHalfATargetIsNotWaitedFor() {
        // keyframes every 2 s (50 frames); target 3: at 3 the next keyframe is at 4 (within 1.5), at 6 it is 6
        FrameIndex frames = frames(300, 0.04, 50);
        List<SegmentRange> ranges = SegmentCuts.cut(frames, NEG, POS, new double[] {3, 6, 9}, 3);
        assertEquals(3.98, ranges.get(1).start(), 1e-9);
        assertEquals(5.98, ranges.get(2).start(), 1e-9);
        // keyframes every 4 s, target 2: at 2 none before 3, so an exact cut at 2
        FrameIndex sparse = frames(300, 0.04, 100);
        List<SegmentRange> exact = SegmentCuts.cut(sparse, NEG, POS, new double[] {2, 4, 6}, 2);
        assertEquals(1.98, exact.get(1).start(), 1e-9);
        assertEquals(0.0, exact.get(1).decodeFrom());
        assertEquals(3.98, exact.get(2).start(), 1e-9);
        assertEquals(4.0, exact.get(2).decodeFrom(), 1e-9, "a keyframe at the multiple itself");
        assertPartition(sparse, exact);
    }

    @Test
    void variableGapsPutEveryBoundaryHalfWayBetweenTwoFrames() {
        List<FrameIndex.Frame> list = new ArrayList<>();
        double t = 0;
        for (int i = 0; i < 200; i++) {
            list.add(new FrameIndex.Frame(t, i % 17 == 0));
            t += i % 3 == 0 ? 1 / 24.0 : 1 / 30.0;
        }
        Collections.shuffle(list); // decode order and overlapping windows: the index sorts and dedupes
        list.addAll(list.subList(0, 50));
        FrameIndex frames = FrameIndex.of(list);
        assertEquals(200, frames.size());
        List<SegmentRange> ranges = SegmentCuts.cut(frames, NEG, POS, new double[] {1, 2, 3, 4, 5}, 1);
        for (SegmentRange range : ranges.subList(1, ranges.size())) {
            int after = frames.firstAtOrAfter(range.start());
            double gap = frames.pts(after) - frames.pts(after - 1);
            assertEquals(frames.pts(after - 1) + gap / 2, range.start(), 1e-12);
        }
        assertPartition(frames, ranges);
    }

    @Test
    void aClipIsCutWithinItsBounds() {
        FrameIndex frames = frames(250, 0.04, 25);
        List<SegmentRange> ranges = SegmentCuts.cut(frames, 1.31, 7.33, new double[] {3.31, 5.31}, 2);
        assertEquals(1.31, ranges.get(0).start());
        assertEquals(1.0, ranges.get(0).decodeFrom(), 1e-9, "the keyframe before the clip's first frame");
        assertEquals(7.33, ranges.get(ranges.size() - 1).end());
        assertEquals(3.98, ranges.get(1).start(), 1e-9);
    }

    @Test
    void anInputShorterThanItsDurationEndsThePlanEarly() {
        FrameIndex frames = frames(100, 0.04, 25); // 4 s of frames, where 10 were announced
        List<SegmentRange> ranges = SegmentCuts.cut(frames, NEG, POS, new double[] {2, 4, 6, 8}, 2);
        assertEquals(2, ranges.size());
        assertEquals(POS, ranges.get(1).end());
        assertPartition(frames, ranges);
    }

    @Test
    void parsesProbePacketsAndSkipsDiscardedOnesAndThoseWithoutTime() {
        FrameIndex frames =
                SegmentPlanner.parsePackets("0.080000,_D_\n0.000000,K__\nN/A,___\n0.040000,___\n0.040000,___\n");
        assertEquals(2, frames.size());
        assertTrue(frames.isKey(0));
        assertEquals(0.04, frames.pts(1));
    }

    @Test
    void readsEachWindowFromASeekOrFromTheBeginning() {
        assertEquals(
                "%2.000000,2.000000%3.000000",
                SegmentPlanner.intervals(List.of(new double[] {-1, 2}, new double[] {2, 3}), 0));
    }

    @Test
    void rangesRefuseImpossibleBounds() {
        assertThrows(IllegalArgumentException.class, () -> new SegmentRange(0, 2, 2, NEG));
        assertThrows(IllegalArgumentException.class, () -> new SegmentRange(0, 2, 1, NEG));
        assertThrows(IllegalArgumentException.class, () -> new SegmentRange(-1, 0, 1, NEG));
        assertThrows(IllegalArgumentException.class, () -> new SegmentRange(0, 0, 1, Double.NaN));
    }

    /** {@code count} frames {@code step} s apart from 0, every {@code gop}-th a keyframe. */
    private static FrameIndex frames(int count, double step, int gop) {
        List<FrameIndex.Frame> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new FrameIndex.Frame(Math.round(i * step * 1e6) / 1e6, i % gop == 0));
        }
        return FrameIndex.of(list);
    }

    /** Every frame lies in exactly one range, ranges are contiguous, and each range holds a frame. */
    private static void assertPartition(FrameIndex frames, List<SegmentRange> ranges) {
        for (int i = 1; i < ranges.size(); i++) {
            assertEquals(ranges.get(i - 1).end(), ranges.get(i).start(), "contiguous");
            assertEquals(i, ranges.get(i).index());
        }
        int[] owned = new int[ranges.size()];
        for (int f = 0; f < frames.size(); f++) {
            double pts = frames.pts(f);
            int owners = 0;
            for (SegmentRange range : ranges) {
                if (range.start() <= pts && pts < range.end()) {
                    owners++;
                    owned[range.index()]++;
                    assertTrue(range.decodeFrom() <= pts, "decoding starts before frame " + pts);
                }
            }
            assertEquals(1, owners, "owners of the frame at " + pts);
        }
        for (int count : owned) {
            assertTrue(count > 0, "every range holds a frame");
        }
    }
}
