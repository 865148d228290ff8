package dev.smidgen.media.transcode.segment;

/**
 * One segment of a split video conversion, in seconds on the input's own timeline: the timestamps its
 * demuxer reports (what {@code ffprobe -show_packets} prints), not shifted by the input's start time.
 * The range owns exactly the frames with {@code start <= pts < end}. Boundaries between two ranges lie
 * strictly between two frames (half-way), so no rounding of seconds to a stream's time base can put a
 * frame in two ranges or in none.
 *
 * @param index      0-based position of the range in the plan
 * @param start      first time owned; {@link Double#NEGATIVE_INFINITY} for the first range of an
 *                   unclipped conversion (everything from the input's beginning)
 * @param end        first time no longer owned; {@link Double#POSITIVE_INFINITY} for the last range of a
 *                   conversion without an {@code end} (everything to the input's end)
 * @param decodeFrom the keyframe at or before the range's first frame, where decoding starts (it may lie
 *                   past {@code start}, which is half a frame before that frame);
 *                   {@link Double#NEGATIVE_INFINITY} to decode from the input's beginning
 */
public record SegmentRange(int index, double start, double end, double decodeFrom) {
    public SegmentRange {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        if (Double.isNaN(start) || Double.isNaN(end) || Double.isNaN(decodeFrom) || !(start < end)) {
            throw new IllegalArgumentException("a range runs from a start to a later end: " + start + ", " + end);
        }
        if (start == Double.POSITIVE_INFINITY || end == Double.NEGATIVE_INFINITY || !(decodeFrom < end)) {
            throw new IllegalArgumentException("decoding starts before the range ends: " + decodeFrom + ", " + end);
        }
    }

    /** Whether the range reaches the input's (or the clip's) end. */
    public boolean isOpenEnded() {
        return end == Double.POSITIVE_INFINITY;
    }
}
