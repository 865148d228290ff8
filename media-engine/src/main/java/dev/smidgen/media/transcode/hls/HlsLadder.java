package dev.smidgen.media.transcode.hls;

import java.util.ArrayList;
import java.util.List;

/**
 * The renditions of an adaptive video, derived from the size of its top rung (the input's, or the
 * {@code width}/{@code height} asked for, already resolved without upscaling): the top rung, then the
 * standard heights below it (720, 480, 360, 240 on the short side) down to {@value #MAX_RUNGS} rungs
 * in all. Bit rates follow the spirit of Apple's HLS authoring guidelines for H.264 at 30 fps (1080p
 * about 6 Mb/s, 720p 3 Mb/s, 360p under 1 Mb/s), interpolated by the short side for sizes in between,
 * and scaled by {@code quality}: 0.5x at 0, 1x at the default 0.8, 1.3x at 1. The peak rate is 110% of
 * the average (the guidelines' bound for VOD) and the buffer two seconds of the average rate.
 */
public final class HlsLadder {
    /** Most renditions of one package: a fifth would add 4 more encodes to one run for little. */
    public static final int MAX_RUNGS = 4;
    /** Smallest rung: below it a player is better served by the audio alone. */
    public static final int MIN_SHORT_SIDE = 240;

    /** Short side → average video kb/s at quality 0.8; sizes in between are interpolated. */
    private static final int[][] RATES = {
        {240, 400}, {360, 800}, {480, 1400}, {720, 3000}, {1080, 6000}, {1440, 10000}, {2160, 16000}, {4320, 40000}
    };
    /** The lower rungs' short sides, from large to small. */
    private static final int[] STANDARD = {2160, 1440, 1080, 720, 480, 360, 240};

    private HlsLadder() {}

    /**
     * The ladder for a top rung of {@code width} x {@code height} (the output size resolved for the
     * request: never larger than the input).
     */
    public static List<HlsRung> of(int width, int height, double quality) {
        if (width < 2 || height < 2) {
            throw new IllegalArgumentException("a ladder needs a picture: " + width + "x" + height);
        }
        int topWidth = even(width);
        int topHeight = even(height);
        int topShort = Math.min(topWidth, topHeight);
        List<HlsRung> rungs = new ArrayList<>();
        rungs.add(rung(topWidth, topHeight, quality));
        for (int side : STANDARD) {
            if (rungs.size() == MAX_RUNGS) {
                break;
            }
            // A rung must be clearly smaller than the one above: 10% less on the short side at least.
            int previousShort = Math.min(
                    rungs.get(rungs.size() - 1).width(),
                    rungs.get(rungs.size() - 1).height());
            if (side >= previousShort * 0.9 || side < MIN_SHORT_SIDE) {
                continue;
            }
            double scale = (double) side / topShort;
            rungs.add(rung(nearestEven(topWidth * scale), nearestEven(topHeight * scale), quality));
        }
        return List.copyOf(rungs);
    }

    /** The rate factor of {@code quality}: 0.5 at 0, 1 at the default 0.8, 1.3 at 1 (clamped; NaN is the default). */
    static double rateFactor(double quality) {
        double q = Double.isNaN(quality) ? 0.8 : Math.max(0, Math.min(1, quality));
        return q <= 0.8 ? 0.5 + 0.5 * (q / 0.8) : 1.0 + 0.3 * ((q - 0.8) / 0.2);
    }

    /** Average video kb/s for a picture whose short side is {@code shortSide}, at quality 0.8. */
    static int baseKbps(int shortSide) {
        if (shortSide <= RATES[0][0]) {
            // Below 240 lines the rate falls with the pixel count.
            return Math.max(100, (int) Math.round(RATES[0][1] * Math.pow((double) shortSide / RATES[0][0], 2)));
        }
        for (int i = 1; i < RATES.length; i++) {
            if (shortSide <= RATES[i][0]) {
                double t = (double) (shortSide - RATES[i - 1][0]) / (RATES[i][0] - RATES[i - 1][0]);
                return (int) Math.round(RATES[i - 1][1] + t * (RATES[i][1] - RATES[i - 1][1]));
            }
        }
        return RATES[RATES.length - 1][1];
    }

    private static HlsRung rung(int width, int height, double quality) {
        int shortSide = Math.min(width, height);
        int kbps = Math.max(100, (int) Math.round(baseKbps(shortSide) * rateFactor(quality)));
        int max = (int) Math.round(kbps * 1.1);
        return new HlsRung(shortSide + "p", width, height, kbps, max, 2 * kbps > max ? 2 * kbps : max);
    }

    /** The even number nearest {@code pixels}: 853.3 becomes 854, as in the usual 854x480. */
    private static int nearestEven(double pixels) {
        return Math.max(2, 2 * (int) Math.round(pixels / 2));
    }

    private static int even(int pixels) {
        return Math.max(2, pixels - pixels % 2);
    }
}
