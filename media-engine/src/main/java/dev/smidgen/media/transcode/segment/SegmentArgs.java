package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.FfmpegCommands;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.transcode.TranscodeArgs;
import dev.smidgen.media.transcode.TranscodeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ffmpeg argument list (without the executable) of one segment's video. Pure, so the command is
 * unit-tested.
 *
 * <p>Timestamps: the input is read with {@code -copyts}, so the frames keep the times the planner saw,
 * and the range is cut with a {@code trim} filter on exactly those times. A fast seek ({@code -ss}
 * before {@code -i}, {@code -noaccurate_seek}) jumps to the range's keyframe first. The segment is
 * written on the unsplit conversion's own timeline (the input's start time plus the clip's start is 0)
 * shifted by {@value #TIMELINE_OFFSET_SECONDS} s, so that the decode timestamps B-frames put before a
 * first picture at 0 stay positive; MPEG-TS adds no delay of its own ({@code -mpegts_copyts 1}). The
 * joiner takes the offset off again.
 *
 * <p>Encoder: the whole conversion's video filter and encoder settings ({@link TranscodeArgs#videoFilter},
 * {@link TranscodeArgs#videoEncoder}), with what an encoder would otherwise choose per segment named
 * explicitly: H.264 profile and level, H.265 profile and level, VP9 profile. The first frame of every
 * encode is a keyframe, so each segment starts with one. Threads: decoder, filters and encoder each
 * get at most {@code threads} (x265 through its pool, SVT-AV1 through its parallelism level).
 */
public final class SegmentArgs {
    /** Seconds added to every segment timestamp (see the class comment). */
    public static final double TIMELINE_OFFSET_SECONDS = 10.0;
    /**
     * Seek target past the range's keyframe: a seek lands on the last keyframe at or before its target,
     * and a target a hair below the keyframe's time (seconds printed with 6 decimals) would land a whole
     * GOP earlier.
     */
    static final double SEEK_PAST_KEYFRAME_SECONDS = 0.0001;
    /** Frame rate assumed for the level when the input does not say: the common maximum of cameras. */
    static final double DEFAULT_LEVEL_FPS = 60;

    private SegmentArgs() {}

    /**
     * @param timeline the input's timeline (start time and frame rate), probed once per segment run
     * @param threads  at most this many threads for decoding, filtering and encoding (0: FFmpeg's default)
     * @throws IllegalArgumentException for a spec that is not a video conversion or names a codec its format
     *                                  cannot hold, or a local input name FFmpeg would misread
     */
    static List<String> build(
            MediaInput input,
            InputTimeline timeline,
            SegmentRange range,
            TranscodeSpec spec,
            int threads,
            Path output) {
        SegmentContainer container = SegmentContainer.of(spec);
        List<String> args = new ArrayList<>(FfmpegCommands.common(input.logLevel()));
        args.add("-y");
        if (threads > 0) {
            args.addAll(List.of("-filter_threads", thread(threads), "-threads", thread(threads)));
        }
        // -ss is relative to the input's start time, the planner's times are not.
        double seek = range.decodeFrom() - timeline.startSeconds();
        if (range.decodeFrom() != Double.NEGATIVE_INFINITY && seek > 0) {
            args.addAll(List.of("-ss", seconds(seek + SEEK_PAST_KEYFRAME_SECONDS), "-noaccurate_seek"));
        }
        args.add("-copyts");
        args.addAll(input.inputOptions());
        args.addAll(List.of("-i", input.ffmpegInput()));
        args.addAll(List.of("-map", "0:V:0", "-an", "-sn", "-dn"));
        args.addAll(List.of("-vf", filter(range, spec)));
        args.addAll(TranscodeArgs.videoEncoder(spec, x265Params(spec, timeline, threads)));
        args.addAll(parameterSets(spec, timeline, threads));
        if (threads > 0) {
            args.addAll(List.of("-threads", thread(threads)));
        }
        double origin = timeline.startSeconds() + (spec.frameAt() == null ? 0 : spec.frameAt());
        args.addAll(List.of("-output_ts_offset", seconds(TIMELINE_OFFSET_SECONDS - origin)));
        if (container == SegmentContainer.MPEG_TS) {
            args.addAll(List.of("-mpegts_copyts", "1"));
        }
        args.addAll(TranscodeArgs.outputFile(container.muxer(), output));
        return args;
    }

    /**
     * The range's trim and the conversion's own filter. Trim comes first, so frames outside the range are
     * never scaled; with an fps filter it comes after it instead, because that filter's output frames
     * (not the input's) are what the range divides, on a grid that is the same in every segment.
     */
    static String filter(SegmentRange range, TranscodeSpec spec) {
        List<String> bounds = new ArrayList<>();
        if (range.start() != Double.NEGATIVE_INFINITY) {
            bounds.add("start=" + seconds(range.start()));
        }
        if (range.end() != Double.POSITIVE_INFINITY) {
            bounds.add("end=" + seconds(range.end()));
        }
        String own = TranscodeArgs.videoFilter(spec);
        if (bounds.isEmpty()) {
            return own;
        }
        String trim = "trim=" + String.join(":", bounds);
        return spec.encoding().fps() == null ? trim + "," + own : own + "," + trim;
    }

    private static String x265Params(TranscodeSpec spec, InputTimeline timeline, int threads) {
        if (TranscodeArgs.videoCodec(spec) != dev.smidgen.model.convert.VideoCodec.H265) {
            return "";
        }
        String level = "level-idc=" + CodecLevel.h265(spec.width(), spec.height(), levelFps(spec, timeline));
        return threads > 0 ? level + ":pools=" + threads : level;
    }

    private static List<String> parameterSets(TranscodeSpec spec, InputTimeline timeline, int threads) {
        return switch (TranscodeArgs.videoCodec(spec)) {
            case H264 ->
                List.of(
                        "-profile:v",
                        "high",
                        "-level:v",
                        CodecLevel.h264(spec.width(), spec.height(), levelFps(spec, timeline)));
            case H265 -> List.of("-profile:v", "main");
            case VP9 -> List.of("-profile:v", "0");
            case AV1 -> threads > 0 ? List.of("-svtav1-params", "lp=" + threads) : List.of();
            case MPEG4 -> List.of();
        };
    }

    /** The frame rate the level must hold: the requested one, else the input's, never below 25. */
    static double levelFps(TranscodeSpec spec, InputTimeline timeline) {
        Double fps = spec.encoding().fps() != null ? spec.encoding().fps() : timeline.frameRate();
        return Math.max(25, fps == null ? DEFAULT_LEVEL_FPS : fps);
    }

    private static String thread(int threads) {
        return Integer.toString(threads);
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.6f", seconds);
    }
}
