package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.transcode.TranscodeArgs;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.model.convert.OutputFormat;
import java.util.Set;

/**
 * The container of one encoded segment, chosen so that the join copies its packets with their exact
 * timestamps: MPEG-TS (90 kHz, parameter sets in every keyframe) for H.264, H.265 and MPEG-4 Part 2;
 * Matroska for VP9 and AV1, which MPEG-TS does not carry, at the millisecond precision WebM has anyway.
 * Outputs: mp4, mov and webm ({@link #JOINABLE}).
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

    /** The output formats a split conversion joins into: those with timestamps of their own. */
    public static final Set<OutputFormat> JOINABLE = Set.of(OutputFormat.MP4, OutputFormat.MOV, OutputFormat.WEBM);

    /**
     * Whether {@code spec} can be split: a video format with timestamps. AVI has none (a frame's time is
     * its index over one frame rate), so a join of copied packets cannot keep the segments' times.
     */
    public static boolean canSplit(TranscodeSpec spec) {
        return JOINABLE.contains(spec.format());
    }

    /**
     * The container of {@code spec}'s segments.
     *
     * @throws IllegalArgumentException for a spec that {@link #canSplit cannot be split}
     */
    public static SegmentContainer of(TranscodeSpec spec) {
        if (!canSplit(spec)) {
            throw new IllegalArgumentException("a " + spec.format().wire() + " conversion is not split");
        }
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
