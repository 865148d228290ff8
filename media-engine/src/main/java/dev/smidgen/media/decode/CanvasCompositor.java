package dev.smidgen.media.decode;

import java.util.Arrays;

/**
 * Paints the frames of an animated WebP onto its canvas as the WebP container format lays down: a frame
 * either replaces its rectangle (alpha included) or is alpha-blended over what the canvas shows, and a
 * frame marked for disposal has its rectangle cleared once it has been shown, before the next one is drawn.
 *
 * <p>The canvas starts transparent and disposal clears to transparent. The container's {@code ANIM}
 * background colour is only a hint, which libwebp's own animation decoder and the browsers ignore in the
 * same way; following them makes a conversion look like the file does in a browser.
 *
 * <p>Pixels are ARGB ints, not premultiplied, in rows of {@link #width()}.
 */
public final class CanvasCompositor {
    private final int width;
    private final int height;
    private final int[] canvas;
    private WebpFrame toDispose;

    public CanvasCompositor(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("canvas must be at least 1x1: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.canvas = new int[Math.multiplyExact(width, height)];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * Draws {@code frame} from its pixels and returns the canvas as it now shows (the live array: copy it to
     * keep it past the next call).
     *
     * @param rgba the frame's pixels as FFmpeg's {@code rgba}: 4 bytes a pixel, rows of {@code frame.width()}
     * @throws IllegalArgumentException when the frame leaves the canvas or {@code rgba} is not its size
     */
    public int[] draw(WebpFrame frame, byte[] rgba) {
        if (frame.x() < 0
                || frame.y() < 0
                || (long) frame.x() + frame.width() > width
                || (long) frame.y() + frame.height() > height) {
            throw new IllegalArgumentException("frame outside the canvas");
        }
        if (rgba.length != frame.pixels() * 4) {
            throw new IllegalArgumentException(
                    "frame of " + frame.pixels() + " pixels came with " + rgba.length + " bytes");
        }
        if (toDispose != null) {
            clear(toDispose);
            toDispose = null;
        }
        int src = 0;
        for (int row = 0; row < frame.height(); row++) {
            int at = (frame.y() + row) * width + frame.x();
            for (int column = 0; column < frame.width(); column++, at++, src += 4) {
                int pixel = (rgba[src + 3] & 0xFF) << 24
                        | (rgba[src] & 0xFF) << 16
                        | (rgba[src + 1] & 0xFF) << 8
                        | (rgba[src + 2] & 0xFF);
                canvas[at] = frame.blend() ? over(pixel, canvas[at]) : pixel;
            }
        }
        if (frame.dispose()) {
            toDispose = frame;
        }
        return canvas;
    }

    /**
     * {@code source} alpha-blended over {@code destination}, non-premultiplied, as the container format
     * defines it: A = As + Ad·(1 − As), C = (Cs·As + Cd·Ad·(1 − As)) / A, and fully transparent when A = 0.
     */
    static int over(int source, int destination) {
        int sa = source >>> 24;
        if (sa == 255) {
            return source;
        }
        if (sa == 0) {
            return destination;
        }
        int da = destination >>> 24;
        // Ad·(1 − As) in 0..255, rounded.
        int dw = (da * (255 - sa) + 127) / 255;
        int a = sa + dw;
        if (a == 0) {
            return 0;
        }
        int r = channel(source >> 16, sa, destination >> 16, dw, a);
        int g = channel(source >> 8, sa, destination >> 8, dw, a);
        int b = channel(source, sa, destination, dw, a);
        return a << 24 | r << 16 | g << 8 | b;
    }

    private static int channel(int source, int sourceWeight, int destination, int destinationWeight, int alpha) {
        int cs = source & 0xFF;
        int cd = destination & 0xFF;
        return Math.min(255, (cs * sourceWeight + cd * destinationWeight + alpha / 2) / alpha);
    }

    private void clear(WebpFrame frame) {
        for (int row = 0; row < frame.height(); row++) {
            int at = (frame.y() + row) * width + frame.x();
            Arrays.fill(canvas, at, at + frame.width(), 0);
        }
    }
}
