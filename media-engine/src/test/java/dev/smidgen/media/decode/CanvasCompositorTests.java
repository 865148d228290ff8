package dev.smidgen.media.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The container's drawing rules on hand-made frames of a 4x2 canvas. */
class CanvasCompositorTests {
    private static final int RED = 0xFFFF0000;
    private static final int BLUE = 0xFF0000FF;
    private static final int HALF_GREEN = 0x8000FF00;
    private static final int CLEAR = 0;

    @Test
    void theCanvasStartsTransparentAndAFrameLandsAtItsOffset() {
        CanvasCompositor canvas = new CanvasCompositor(4, 2);
        int[] shown = canvas.draw(frame(2, 0, 2, 1, true, false), pixels(RED, RED));
        assertArrayEquals(new int[] {CLEAR, CLEAR, RED, RED, CLEAR, CLEAR, CLEAR, CLEAR}, shown);
    }

    @Test
    void aBlendedFrameIsLaidOverWhatTheCanvasShows() {
        CanvasCompositor canvas = new CanvasCompositor(4, 2);
        canvas.draw(frame(0, 0, 4, 2, false, false), pixels(RED, RED, RED, RED, RED, RED, RED, RED));
        int[] shown = canvas.draw(frame(0, 0, 2, 1, true, false), pixels(HALF_GREEN, CLEAR));
        // Half green over red: alpha stays full, red and green about half each.
        assertEquals(0xFF7F8000, shown[0]);
        assertEquals(RED, shown[1], "a transparent source pixel leaves the canvas as it was");
        assertEquals(RED, shown[2]);
    }

    @Test
    void aFrameThatDoesNotBlendReplacesItsRectangleAlphaAndAll() {
        CanvasCompositor canvas = new CanvasCompositor(4, 2);
        canvas.draw(frame(0, 0, 4, 2, false, false), pixels(RED, RED, RED, RED, RED, RED, RED, RED));
        int[] shown = canvas.draw(frame(0, 0, 2, 1, false, false), pixels(HALF_GREEN, CLEAR));
        assertEquals(HALF_GREEN, shown[0]);
        assertEquals(CLEAR, shown[1]);
        assertEquals(RED, shown[2]);
    }

    @Test
    void aDisposedFrameIsClearedBeforeTheNextOneIsDrawn() {
        CanvasCompositor canvas = new CanvasCompositor(4, 2);
        canvas.draw(frame(0, 0, 4, 2, false, false), pixels(RED, RED, RED, RED, RED, RED, RED, RED));
        int[] shown = canvas.draw(frame(0, 0, 2, 2, false, true), pixels(BLUE, BLUE, BLUE, BLUE));
        assertEquals(BLUE, shown[0], "shown until the next frame");
        // The next frame covers one pixel elsewhere: the blue rectangle is cleared first, the rest stays red.
        shown = canvas.draw(frame(3, 1, 1, 1, true, false), pixels(BLUE));
        assertArrayEquals(new int[] {CLEAR, CLEAR, RED, RED, CLEAR, CLEAR, RED, BLUE}, shown);
        // A frame that is not disposed stays.
        shown = canvas.draw(frame(0, 0, 1, 1, true, false), pixels(HALF_GREEN));
        assertEquals(BLUE, shown[7]);
        assertEquals(HALF_GREEN, shown[0], "blended over a cleared pixel: the frame's own");
    }

    @Test
    void blendingFollowsTheFormulaOfTheContainer() {
        assertEquals(RED, CanvasCompositor.over(RED, BLUE));
        assertEquals(BLUE, CanvasCompositor.over(CLEAR, BLUE));
        assertEquals(HALF_GREEN, CanvasCompositor.over(HALF_GREEN, CLEAR));
        // 50% red over 50% blue: A = 128 + 128·127/255 = 192; red = 255·128/192, blue = 255·64/192.
        int mixed = CanvasCompositor.over(0x80FF0000, 0x800000FF);
        assertEquals(0xC0, mixed >>> 24);
        assertEquals(170, (mixed >> 16) & 0xFF, 1);
        assertEquals(85, mixed & 0xFF, 1);
    }

    @Test
    void framesMustFitTheCanvasAndComeWithTheirPixels() {
        CanvasCompositor canvas = new CanvasCompositor(4, 2);
        assertThrows(IllegalArgumentException.class, () -> canvas.draw(frame(4, 0, 1, 1, true, false), pixels(RED)));
        assertThrows(IllegalArgumentException.class, () -> canvas.draw(frame(0, 0, 2, 1, true, false), pixels(RED)));
    }

    static WebpFrame frame(int x, int y, int width, int height, boolean blend, boolean dispose) {
        return new WebpFrame(x, y, width, height, 100, blend, dispose, true, -1, 0, 0, 0);
    }

    /** ARGB pixels as the RGBA bytes FFmpeg writes. */
    static byte[] pixels(int... argb) {
        byte[] rgba = new byte[argb.length * 4];
        for (int i = 0; i < argb.length; i++) {
            rgba[4 * i] = (byte) (argb[i] >> 16);
            rgba[4 * i + 1] = (byte) (argb[i] >> 8);
            rgba[4 * i + 2] = (byte) argb[i];
            rgba[4 * i + 3] = (byte) (argb[i] >>> 24);
        }
        return rgba;
    }
}
