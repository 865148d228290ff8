package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.transcode.TranscodeArgs;
import dev.smidgen.media.transcode.TranscodeSpec;

/**
 * The container of one encoded segment, chosen so that the join copies its packets with their exact
 * timestamps: MPEG-TS (90 kHz, parameter sets in every keyframe) for H.264, H.265 and MPEG-4 Part 2;
 * Matroska for VP9 and AV1, which MPEG-TS does not carry, at the millisecond precision WebM has anyway.
 */
public enum SegmentContainer {
    MPEG_TS("mpegts", "ts"),
    MATROSKA("matroska", "mkv");

    private final String muxer;
    private final String extension;

    SegmentContainer(String muxer, String extension) {
        this.muxer = muxer;
        this.extension = extension;
    }

    /** The container of {@code spec}'s segments. */
    public static SegmentContainer of(TranscodeSpec spec) {
        return switch (TranscodeArgs.videoCodec(spec)) {
            case H264, H265, MPEG4 -> MPEG_TS;
            case VP9, AV1 -> MATROSKA;
        };
    }

    /** FFmpeg's name of the muxer. */
    public String muxer() {
        return muxer;
    }

    /** File name extension of a segment, without the dot. */
    public String extension() {
        return extension;
    }
}
