package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.FfmpegCommands;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.transcode.hls.HlsArgs;
import dev.smidgen.media.transcode.hls.HlsRung;
import dev.smidgen.media.transcode.hls.HlsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ffmpeg argument lists (without the executable) of a split HLS package: every rung of one range
 * from one decode, and the audio rendition once. Pure, so the commands are unit-tested.
 *
 * <p>A range's run is the unsplit package's run ({@link HlsArgs}: the same scaling graph, encoders,
 * rates, forced keyframes and fMP4 muxing) with the range's seek, {@code -copyts} and trim of
 * {@link SegmentArgs}, each rung's H.264 level named, and files named after the range
 * ({@code <rung>/r00003_00000.m4s}, {@code <rung>/r00003_init_<rung>.mp4}, {@code <rung>/r00003.m3u8}),
 * so that all ranges' files fit in one package directory. Media timestamps continue across ranges: they
 * are the input's, shifted like a progressive segment's by {@value SegmentArgs#TIMELINE_OFFSET_SECONDS}
 * s, and the audio rendition is shifted by the same amount.
 */
public final class HlsSegmentArgs {
    /**
     * Fragments whose decode time ({@code tfdt}) is the packets' own: by default the mp4 muxer counts
     * fragments from the run's first packet and puts the run's start in the init segment's edit list,
     * which HLS players (and FFmpeg's HLS demuxer) ignore, so every range would start over at 0.
     */
    static final List<String> ABSOLUTE_FRAGMENT_TIMES = List.of("-hls_segment_options", "movflags=+frag_discont");

    private HlsSegmentArgs() {}

    /** The prefix of a range's files: {@code r} and its index in five digits. */
    public static String prefix(int rangeIndex) {
        return String.format(Locale.ROOT, "r%05d", rangeIndex);
    }

    static List<String> range(MediaInput input, InputTimeline timeline, SegmentRange range, HlsSpec spec, int threads) {
        List<String> args = new ArrayList<>(FfmpegCommands.common(input.logLevel()));
        args.add("-y");
        if (threads > 0) {
            args.addAll(List.of("-filter_threads", Integer.toString(threads), "-threads", Integer.toString(threads)));
        }
        double seek = range.decodeFrom() - timeline.startSeconds();
        if (range.decodeFrom() != Double.NEGATIVE_INFINITY && seek > 0) {
            args.addAll(List.of(
                    "-ss", SegmentArgs.seconds(seek + SegmentArgs.SEEK_PAST_KEYFRAME_SECONDS), "-noaccurate_seek"));
        }
        args.add("-copyts");
        args.addAll(input.inputOptions());
        args.addAll(List.of("-i", input.ffmpegInput()));
        List<HlsRung> rungs = spec.rungs();
        args.addAll(List.of("-filter_complex", graph(range, rungs)));
        for (int i = 0; i < rungs.size(); i++) {
            args.addAll(List.of("-map", "[v" + i + "]"));
        }
        args.add("-an");
        args.addAll(HlsArgs.videoEncoders(spec, threads));
        double fps = spec.frameRate() != null && spec.frameRate() > 0
                ? Math.max(25, spec.frameRate())
                : SegmentArgs.DEFAULT_LEVEL_FPS;
        for (int i = 0; i < rungs.size(); i++) {
            args.addAll(List.of(
                    "-level:v:" + i,
                    CodecLevel.h264(rungs.get(i).width(), rungs.get(i).height(), fps)));
        }
        args.addAll(List.of(
                "-output_ts_offset",
                SegmentArgs.seconds(SegmentArgs.TIMELINE_OFFSET_SECONDS - timeline.startSeconds())));
        args.addAll(List.of("-map_metadata", "-1", "-map_chapters", "-1"));
        String prefix = prefix(range.index());
        args.addAll(HlsArgs.fmp4Muxing(prefix + "_init_%v.mp4"));
        args.addAll(ABSOLUTE_FRAGMENT_TIMES);
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < rungs.size(); i++) {
            variants.add("v:" + i + ",name:" + rungs.get(i).name());
        }
        args.addAll(List.of(
                "-hls_segment_filename",
                "%v/" + prefix + "_%05d.m4s",
                "-master_pl_name",
                prefix + "_master.m3u8",
                "-var_stream_map",
                String.join(" ", variants),
                "%v/" + prefix + ".m3u8"));
        return args;
    }

    /** The audio rendition, {@code audio/index.m3u8}, on the ranges' timeline. */
    static List<String> audio(MediaInput input, HlsSpec spec, int threads) {
        List<String> args = new ArrayList<>(FfmpegCommands.common(input.logLevel()));
        args.add("-y");
        args.addAll(input.inputOptions());
        args.addAll(List.of("-i", input.ffmpegInput(), "-vn", "-map", "0:a:0"));
        args.addAll(HlsArgs.audioEncoder(spec));
        if (threads > 0) {
            args.addAll(List.of("-threads", Integer.toString(threads)));
        }
        // Without -copyts the run subtracts the input's start time, as the ranges' offset does.
        args.addAll(List.of("-output_ts_offset", SegmentArgs.seconds(SegmentArgs.TIMELINE_OFFSET_SECONDS)));
        args.addAll(List.of("-map_metadata", "-1", "-map_chapters", "-1"));
        args.addAll(HlsArgs.fmp4Muxing("init.mp4"));
        args.addAll(ABSOLUTE_FRAGMENT_TIMES);
        // As a named variant, so that the muxer creates the rendition's directory (%v).
        args.addAll(List.of(
                "-hls_segment_filename",
                "%v/seg_%05d.m4s",
                "-var_stream_map",
                "a:0,name:" + HlsSpec.AUDIO,
                "%v/" + HlsSpec.MEDIA_PLAYLIST));
        return args;
    }

    /** The package's scaling graph fed by the range's trim. */
    static String graph(SegmentRange range, List<HlsRung> rungs) {
        String graph = HlsArgs.scalingGraph(rungs);
        String source = "[0:V:0]";
        if (!graph.startsWith(source)) {
            throw new IllegalStateException("the scaling graph reads the input's video first: " + graph);
        }
        List<String> bounds = new ArrayList<>();
        if (range.start() != Double.NEGATIVE_INFINITY) {
            bounds.add("start=" + SegmentArgs.seconds(range.start()));
        }
        if (range.end() != Double.POSITIVE_INFINITY) {
            bounds.add("end=" + SegmentArgs.seconds(range.end()));
        }
        if (bounds.isEmpty()) {
            return graph;
        }
        String rest = graph.substring(source.length());
        // "[0:V:0]split=2[s0][s1];..." or "[0:V:0]scale=...": the trim goes between the source and its first filter.
        return source + "trim=" + String.join(":", bounds) + "," + rest;
    }
}
