package dev.smidgen.media.transcode.hls;

import java.util.List;
import java.util.Objects;

/**
 * What one HLS packaging produces, every choice resolved by the caller.
 *
 * @param rungs      the video renditions, largest first ({@link HlsLadder})
 * @param audioKbps  the AAC rendition's bit rate; used only when {@code hasAudio}
 * @param hasAudio   whether the input has an audio stream: the package then has one AAC rendition group
 * @param frameRate  the input's frame rate, advertised as {@code FRAME-RATE}; null when unknown
 */
public record HlsSpec(List<HlsRung> rungs, int audioKbps, boolean hasAudio, Double frameRate) {
    /** Target segment length: every segment starts on a keyframe, and keyframes come every 2 s. */
    public static final int SEGMENT_SECONDS = 4;
    /** Distance between forced keyframes; a segment boundary is always one of them. */
    public static final int KEYFRAME_SECONDS = 2;
    /** Name of the audio rendition's directory. */
    public static final String AUDIO = "audio";
    /** The master playlist, at the package's root. */
    public static final String MASTER = "master.m3u8";
    /** Each rendition's media playlist, in its directory. */
    public static final String MEDIA_PLAYLIST = "index.m3u8";

    public HlsSpec {
        rungs = List.copyOf(Objects.requireNonNull(rungs, "rungs"));
        if (rungs.isEmpty() || rungs.size() > HlsLadder.MAX_RUNGS) {
            throw new IllegalArgumentException("a package has 1 to " + HlsLadder.MAX_RUNGS + " rungs");
        }
        if (rungs.stream().map(HlsRung::name).distinct().count() != rungs.size()) {
            throw new IllegalArgumentException("rung names must differ");
        }
        if (hasAudio && audioKbps < 1) {
            throw new IllegalArgumentException("audioKbps must be positive");
        }
    }
}
