package dev.smidgen.media.transcode.hls;

/**
 * One rendition of a finished package, as measured from its files: what the master playlist and the
 * source's description advertise.
 *
 * @param name             its directory in the package ({@code 720p}, {@code audio})
 * @param width            pixels; null for the audio rendition
 * @param height           pixels; null for the audio rendition
 * @param codec            its RFC 6381 codec string ({@code avc1.64001f}, {@code mp4a.40.2})
 * @param peakBitsPerSecond      the highest bit rate of one segment (segments under half the target
 *                               length, a short tail, are not counted unless there is no other)
 * @param averageBitsPerSecond   all segments' bits over their total duration
 * @param segments         how many media segments it has
 * @param seconds          the total duration of its segments
 * @param bytes            the size of its playlist, init segment and media segments
 */
public record HlsRendition(
        String name,
        Integer width,
        Integer height,
        String codec,
        long peakBitsPerSecond,
        long averageBitsPerSecond,
        int segments,
        double seconds,
        long bytes) {

    /** The rendition's media playlist, relative to the package's root. */
    public String playlist() {
        return name + "/" + HlsSpec.MEDIA_PLAYLIST;
    }

    public boolean isAudio() {
        return width == null;
    }
}
