package dev.smidgen.media.transcode.segment;

import java.util.Arrays;
import java.util.Collection;

/**
 * Presentation times of the video frames a planner has seen, sorted and without duplicates, with which
 * of them are keyframes. Built from packets in decode order (B-frames come out of order) and from
 * overlapping read windows (a time read twice counts once). Immutable.
 */
final class FrameIndex {
    /** One packet: its presentation time in seconds and whether it starts a decodable picture. */
    record Frame(double pts, boolean key) {}

    private final double[] pts;
    private final boolean[] key;

    private FrameIndex(double[] pts, boolean[] key) {
        this.pts = pts;
        this.key = key;
    }

    static FrameIndex of(Collection<Frame> frames) {
        Frame[] sorted = frames.toArray(Frame[]::new);
        Arrays.sort(sorted, (a, b) -> Double.compare(a.pts(), b.pts()));
        double[] pts = new double[sorted.length];
        boolean[] key = new boolean[sorted.length];
        int n = 0;
        for (Frame frame : sorted) {
            if (n > 0 && pts[n - 1] == frame.pts()) {
                key[n - 1] |= frame.key();
                continue;
            }
            pts[n] = frame.pts();
            key[n] = frame.key();
            n++;
        }
        return new FrameIndex(Arrays.copyOf(pts, n), Arrays.copyOf(key, n));
    }

    int size() {
        return pts.length;
    }

    /** Index of the first frame at or after {@code t}, or -1. */
    int firstAtOrAfter(double t) {
        int i = lowerBound(t);
        return i < pts.length ? i : -1;
    }

    /** Index of the first keyframe in [{@code from}, {@code to}), or -1. */
    int firstKeyIn(double from, double to) {
        for (int i = lowerBound(from); i < pts.length && pts[i] < to; i++) {
            if (key[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Time of the last keyframe at or before frame {@code i}, or negative infinity when none was seen. */
    double keyAtOrBefore(int i) {
        for (int k = i; k >= 0; k--) {
            if (key[k]) {
                return pts[k];
            }
        }
        return Double.NEGATIVE_INFINITY;
    }

    double pts(int i) {
        return pts[i];
    }

    boolean isKey(int i) {
        return key[i];
    }

    /** First index whose time is at or after {@code t}. */
    private int lowerBound(double t) {
        int lo = 0;
        int hi = pts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pts[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
