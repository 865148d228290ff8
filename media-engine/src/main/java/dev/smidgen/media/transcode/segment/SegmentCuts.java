package dev.smidgen.media.transcode.segment;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a plan cuts, from the frames seen around each wanted cut. Pure, so the rule is unit-tested on
 * synthetic frame lists.
 *
 * <p>Near each wanted cut time {@code c} the cut goes to the first keyframe in {@code [c, c + target/2)}:
 * a segment then starts where the input can be decoded anyway and costs no extra decoding. Where the
 * input has no keyframe that close (sparse keyframes: a screen recording, a single-keyframe file), the
 * cut goes to the first frame at or after {@code c}, which the segment's encoder makes a keyframe
 * (every encode starts with one) after decoding from the keyframe before it. Each boundary is the
 * midpoint between the cut frame and the frame before it, so it lies strictly between two frames.
 */
final class SegmentCuts {
    private SegmentCuts() {}

    /**
     * @param frames    frames seen around the clip's start and each wanted cut
     * @param clipStart first time of the clip, or negative infinity for the input's beginning
     * @param clipEnd   first time past the clip, or positive infinity for the input's end
     * @param wanted    the wanted cut times, increasing, each inside the clip
     * @param target    the wanted segment length in seconds
     * @return the ranges, in order, covering [clipStart, clipEnd) without gap or overlap
     */
    static List<SegmentRange> cut(FrameIndex frames, double clipStart, double clipEnd, double[] wanted, double target) {
        List<SegmentRange> ranges = new ArrayList<>();
        double start = clipStart;
        double decodeFrom = Double.NEGATIVE_INFINITY;
        if (clipStart != Double.NEGATIVE_INFINITY) {
            int first = frames.firstAtOrAfter(clipStart);
            if (first >= 0) {
                decodeFrom = frames.keyAtOrBefore(first);
            }
        }
        double lastCutFrame = Double.NEGATIVE_INFINITY;
        for (double c : wanted) {
            int cutFrame = frames.firstKeyIn(c, Math.min(c + target / 2, clipEnd));
            if (cutFrame < 0) {
                cutFrame = frames.firstAtOrAfter(c);
            }
            if (cutFrame < 0 || frames.pts(cutFrame) >= clipEnd) {
                break; // the input ends before this cut (its duration overstated it): the last range takes the rest
            }
            double at = frames.pts(cutFrame);
            double before = cutFrame > 0 ? frames.pts(cutFrame - 1) : Double.NEGATIVE_INFINITY;
            if (at <= lastCutFrame || !(before > start) || before <= lastCutFrame) {
                continue; // no frame would be left between the previous cut and this one
            }
            double boundary = before + (at - before) / 2;
            ranges.add(new SegmentRange(ranges.size(), start, boundary, decodeFrom));
            start = boundary;
            decodeFrom = frames.keyAtOrBefore(cutFrame);
            lastCutFrame = at;
        }
        ranges.add(new SegmentRange(ranges.size(), start, clipEnd, decodeFrom));
        return List.copyOf(ranges);
    }
}
