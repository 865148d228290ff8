package dev.smidgen.media.transcode.segment;

/**
 * The lowest H.264 or H.265 level whose limits hold a picture size at a frame rate, named explicitly in
 * every segment's encoder: an encoder left to choose sees only its own segment, and one segment with a
 * different level than the others makes the joined stream's parameter sets change midway.
 */
final class CodecLevel {
    /** H.264 (ITU-T H.264 table A-1): level, max frame size in macroblocks, max macroblocks per second. */
    private static final double[][] H264 = {
        {1.0, 99, 1485},
        {1.1, 396, 3000},
        {1.2, 396, 6000},
        {1.3, 396, 11880},
        {2.0, 396, 11880},
        {2.1, 792, 19800},
        {2.2, 1620, 20250},
        {3.0, 1620, 40500},
        {3.1, 3600, 108000},
        {3.2, 5120, 216000},
        {4.0, 8192, 245760},
        {4.1, 8192, 245760},
        {4.2, 8704, 522240},
        {5.0, 22080, 589824},
        {5.1, 36864, 983040},
        {5.2, 36864, 2073600},
        {6.0, 139264, 4177920},
        {6.1, 139264, 8355840},
        {6.2, 139264, 16711680}
    };
    /** H.265 (ITU-T H.265 table A.8): level, max luma picture size, max luma samples per second. */
    private static final double[][] H265 = {
        {1.0, 36864, 552960},
        {2.0, 122880, 3686400},
        {2.1, 245760, 7372800},
        {3.0, 552960, 16588800},
        {3.1, 983040, 33177600},
        {4.0, 2228224, 66846720},
        {4.1, 2228224, 133693440},
        {5.0, 8912896, 267386880},
        {5.1, 8912896, 534773760},
        {5.2, 8912896, 1069547520},
        {6.0, 35651584, 1069547520},
        {6.1, 35651584, 2139095040},
        {6.2, 35651584, 4278190080.0}
    };

    private CodecLevel() {}

    /** The H.264 level as libx264's {@code -level} takes it, e.g. {@code 4.0}. */
    static String h264(int width, int height, double fps) {
        long macroblocks = (long) ((width + 15) / 16) * ((height + 15) / 16);
        return pick(H264, macroblocks, macroblocks * fps);
    }

    /** The H.265 level as x265's {@code level-idc} takes it, e.g. {@code 4.1}. */
    static String h265(int width, int height, double fps) {
        long samples = (long) width * height;
        return pick(H265, samples, samples * fps);
    }

    private static String pick(double[][] table, long size, double rate) {
        for (double[] level : table) {
            if (size <= level[1] && rate <= level[2]) {
                return String.format(java.util.Locale.ROOT, "%.1f", level[0]);
            }
        }
        // Past the highest level's limits: its number is still the truth closest to the stream.
        return String.format(java.util.Locale.ROOT, "%.1f", table[table.length - 1][0]);
    }
}
