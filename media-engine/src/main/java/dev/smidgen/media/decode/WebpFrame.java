package dev.smidgen.media.decode;

/**
 * One {@code ANMF} frame of an animated WebP: where it sits on the canvas, how long it shows, how it is
 * drawn, and where its bitstream lies in the file (offsets of whole chunks, header included), so that a
 * decoder can cut it out as a still WebP of its own.
 *
 * @param x              left edge on the canvas (always even: the container stores half of it)
 * @param y              top edge on the canvas (always even)
 * @param width          frame width, as its bitstream states it
 * @param height         frame height, as its bitstream states it
 * @param durationMillis how long the frame shows, in milliseconds (0 to 2<sup>24</sup>−1)
 * @param blend          alpha-blend over the canvas (true) or replace the rectangle, alpha and all (false)
 * @param dispose        clear the frame's rectangle to the background once it has been shown
 * @param lossless       the bitstream is {@code VP8L} (its alpha inside) rather than {@code VP8 }
 * @param alphaOffset    file offset of the {@code ALPH} chunk of a lossy frame, or −1 without one
 * @param alphaLength    length of that chunk, its 8-byte header and padding included; 0 without one
 * @param imageOffset    file offset of the {@code VP8 } or {@code VP8L} chunk
 * @param imageLength    length of that chunk, its 8-byte header and padding included
 */
public record WebpFrame(
        int x,
        int y,
        int width,
        int height,
        int durationMillis,
        boolean blend,
        boolean dispose,
        boolean lossless,
        long alphaOffset,
        int alphaLength,
        long imageOffset,
        int imageLength) {

    /** Pixels of the frame's rectangle. */
    public long pixels() {
        return (long) width * height;
    }
}
