package dev.smidgen.media.decode;

import java.util.List;

/**
 * The structure of an animated WebP as {@link WebpAnimationReader} found it, every frame checked to lie
 * on the canvas.
 *
 * @param canvasWidth  canvas width from {@code VP8X}
 * @param canvasHeight canvas height from {@code VP8X}
 * @param alpha        {@code VP8X} says the picture has transparency
 * @param background   the {@code ANIM} background colour as ARGB; a hint only (see {@link CanvasCompositor})
 * @param loops        the {@code ANIM} loop count, 0 for forever
 * @param frames       the frames in display order, at least one
 * @param fileSize     bytes of the file
 */
public record WebpAnimation(
        int canvasWidth,
        int canvasHeight,
        boolean alpha,
        int background,
        int loops,
        List<WebpFrame> frames,
        long fileSize) {

    public WebpAnimation {
        frames = List.copyOf(frames);
    }

    /** Pixels of the canvas. */
    public long canvasPixels() {
        return (long) canvasWidth * canvasHeight;
    }

    /** The sum of all frame durations in milliseconds. */
    public long durationMillis() {
        return frames.stream().mapToLong(WebpFrame::durationMillis).sum();
    }
}
