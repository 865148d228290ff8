package dev.smidgen.media.transcode.hls;

/**
 * One video rendition of an HLS ladder: its picture size and H.264 rate control. The peak rate and the
 * buffer keep each segment near the average, so that a player choosing a rung by its advertised
 * bandwidth does not stall on a segment far above it.
 *
 * @param name        the rendition's directory in the package and its name in the master playlist ({@code 720p})
 * @param width       even pixel width
 * @param height      even pixel height
 * @param videoKbps   target average video bit rate ({@code -b:v})
 * @param maxKbps     peak rate of the VBV model ({@code -maxrate})
 * @param bufferKbits VBV buffer size ({@code -bufsize})
 */
public record HlsRung(String name, int width, int height, int videoKbps, int maxKbps, int bufferKbits) {
    public HlsRung {
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("a rung needs even sides of at least 2: " + width + "x" + height);
        }
        if (videoKbps < 1 || maxKbps < videoKbps || bufferKbits < maxKbps) {
            throw new IllegalArgumentException("inconsistent rate control for " + name);
        }
        if (name == null || !name.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("a rung name is lower-case letters and digits: " + name);
        }
    }
}
