package dev.smidgen.media.transcode;

import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.Fit;
import dev.smidgen.model.convert.Position;
import java.util.Locale;

/**
 * The FFmpeg filters that bring a picture to its output box (docs/api/conversions.md#size-fit-and-position):
 * stretched ({@link Fit#FILL}), whole inside it with padding ({@link Fit#CONTAIN}), or covering it with
 * the overflow cut ({@link Fit#COVER}), placed by the {@link Position}. Every chain ends in exactly the
 * box's size with square pixels ({@code setsar=1}), whatever the input's aspect.
 */
final class Geometry {
    /** Padding of a video when no background is asked for. */
    static final String VIDEO_BACKGROUND = "black";
    /** Padding of an image when no background is asked for: transparent (white once laid under a JPEG). */
    static final String IMAGE_BACKGROUND = "black@0";

    private Geometry() {}

    /**
     * @param video whether the output is a 4:2:0 video: the contained picture then keeps even sides, and
     *              the padding is opaque (no alpha channel to hold transparency)
     */
    static String filter(int width, int height, EncodingOptions options, boolean video) {
        Position at = options.positionOrDefault();
        String box = width + ":" + height;
        return switch (options.fitOrDefault()) {
            case FILL -> "scale=" + box + ",setsar=1";
            // The scaled picture is at least the box on both sides, so the crop always has room.
            case COVER ->
                "scale=" + box + ":force_original_aspect_ratio=increase,crop=" + box + ":(iw-ow)*" + fraction(at.x())
                        + ":(ih-oh)*" + fraction(at.y()) + ",setsar=1";
            case CONTAIN ->
                "scale=" + box + ":force_original_aspect_ratio=decrease" + (video ? ":force_divisible_by=2" : "")
                        + (video ? "" : ",format=rgba") + ",pad=" + box + ":(ow-iw)*" + fraction(at.x()) + ":(oh-ih)*"
                        + fraction(at.y()) + ":color=" + colour(options.background(), video) + ",setsar=1";
        };
    }

    /** {@code #rrggbb[aa]} as FFmpeg's {@code 0xRRGGBB[AA]}, or the default padding. */
    static String colour(String background, boolean video) {
        if (background == null) {
            return video ? VIDEO_BACKGROUND : IMAGE_BACKGROUND;
        }
        return "0x" + background.substring(1).toUpperCase(Locale.ROOT);
    }

    private static String fraction(double value) {
        return value == 0 ? "0" : value == 1 ? "1" : "0.5";
    }
}
