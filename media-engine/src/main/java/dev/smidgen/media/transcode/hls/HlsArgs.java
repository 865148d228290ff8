package dev.smidgen.media.transcode.hls;

import dev.smidgen.media.FfmpegCommands;
import dev.smidgen.media.MediaInput;
import java.util.ArrayList;
import java.util.List;

/**
 * The ffmpeg argument list (without the executable) of one HLS packaging: the input is decoded once and
 * a chain of scalers ({@link #scalingGraph}) feeds one libx264 encoder per rung, all muxed by FFmpeg's HLS
 * muxer into fMP4 (CMAF) segments, with the audio encoded once to AAC as its own rendition. Pure, so
 * the command is unit-tested.
 *
 * <p>Keyframes are aligned across rungs by construction: every encoder sees the same frames with the
 * same timestamps, keyframes are forced every {@value HlsSpec#KEYFRAME_SECONDS} s of presentation time,
 * scene-cut keyframes are off ({@code -sc_threshold 0}) and the GOP limit is set past the forced
 * interval so that it never inserts one of its own. Segments are cut at the first keyframe at or past
 * {@value HlsSpec#SEGMENT_SECONDS} s, which is therefore the same frame in every rung.
 *
 * <p>Paths are relative: FFmpeg runs in the package directory. The HLS muxer creates each rendition's
 * directory itself, which it cannot do for a {@code file:} URL; the names are fixed strings of letters
 * and digits ({@link HlsRung#name()}), never read as another protocol.
 */
public final class HlsArgs {
    /**
     * The filter graph from the decoded picture to one output per rung, {@code [v0]}…: the first rung is
     * scaled from the source, and each next rung from the rung before it when it is no larger (the
     * ladder runs from big to small), so that the small rungs' scalers read a small picture instead of
     * the source's. Measured on a 30 s 1080p input on 2 cores: 19.3 s against 20.8 s with every rung
     * scaled from the source (docs/benchmarks.md#hls-ladder).
     */
    public static String scalingGraph(List<HlsRung> rungs) {
        int n = rungs.size();
        int[] parent = new int[n]; // the rung whose picture rung i is scaled from, -1 for the source
        int fromSource = 0;
        for (int i = 0; i < n; i++) {
            boolean cascades = i > 0
                    && rungs.get(i).width() <= rungs.get(i - 1).width()
                    && rungs.get(i).height() <= rungs.get(i - 1).height();
            parent[i] = cascades ? i - 1 : -1;
            fromSource += cascades ? 0 : 1;
        }
        StringBuilder graph = new StringBuilder();
        List<String> sourceOuts = new ArrayList<>();
        if (fromSource == 1) {
            sourceOuts.add("[0:V:0]");
        } else {
            graph.append("[0:V:0]split=").append(fromSource);
            for (int k = 0; k < fromSource; k++) {
                graph.append("[s").append(k).append(']');
                sourceOuts.add("[s" + k + "]");
            }
            graph.append(';');
        }
        int nextSourceOut = 0;
        for (int i = 0; i < n; i++) {
            HlsRung rung = rungs.get(i);
            boolean feedsNext = i + 1 < n && parent[i + 1] == i;
            graph.append(parent[i] < 0 ? sourceOuts.get(nextSourceOut++) : "[c" + parent[i] + "]")
                    .append("scale=")
                    .append(rung.width())
                    .append(':')
                    .append(rung.height())
                    .append(",setsar=1");
            if (feedsNext) {
                graph.append(",split=2[v").append(i).append("][c").append(i).append(']');
            } else {
                graph.append("[v").append(i).append(']');
            }
            if (i + 1 < n) {
                graph.append(';');
            }
        }
        return graph.toString();
    }

    /**
     * Encoder threads per rung, by its share of the ladder's pixels and at least one: the biggest rung's
     * encoder is the run's critical path, and an even split left it one thread of two while the small
     * rungs' encoders had finished (23.0 s against 19.2 s for the same 4-rung ladder on 2 cores).
     */
    static int[] threadShares(List<HlsRung> rungs, int threads) {
        long total =
                rungs.stream().mapToLong(r -> (long) r.width() * r.height()).sum();
        int[] shares = new int[rungs.size()];
        for (int i = 0; i < shares.length; i++) {
            long pixels = (long) rungs.get(i).width() * rungs.get(i).height();
            shares[i] = (int) Math.max(1, Math.ceil((double) threads * pixels / total));
        }
        return shares;
    }

    /** Where ffmpeg writes its own master playlist, which {@link MasterPlaylist} reads for the codecs. */
    public static final String FFMPEG_MASTER = "ffmpeg-master.m3u8";

    private HlsArgs() {}

    /**
     * @param threads encoder and filter threads (0: FFmpeg's default); each rung's encoder gets a share,
     *                since they all run at once
     */
    public static List<String> build(MediaInput input, HlsSpec spec, int threads) {
        List<String> args = new ArrayList<>(FfmpegCommands.common(input.logLevel()));
        args.add("-y");
        if (threads > 0) {
            args.addAll(List.of("-filter_threads", Integer.toString(threads)));
        }
        args.addAll(input.inputOptions());
        args.addAll(List.of("-i", input.ffmpegInput()));
        List<HlsRung> rungs = spec.rungs();
        args.addAll(List.of("-filter_complex", scalingGraph(rungs)));
        for (int i = 0; i < rungs.size(); i++) {
            args.addAll(List.of("-map", "[v" + i + "]"));
        }
        if (spec.hasAudio()) {
            args.addAll(List.of("-map", "0:a:0"));
        }
        args.addAll(videoEncoders(spec, threads));
        if (spec.hasAudio()) {
            args.addAll(audioEncoder(spec));
        }
        args.addAll(List.of("-map_metadata", "-1", "-map_chapters", "-1"));
        args.addAll(fmp4Muxing("init.mp4"));
        args.addAll(List.of(
                "-hls_segment_filename",
                "%v/seg_%05d.m4s",
                "-master_pl_name",
                FFMPEG_MASTER,
                "-var_stream_map",
                streamMap(spec),
                "%v/" + HlsSpec.MEDIA_PLAYLIST));
        return args;
    }

    /**
     * Keyframes every {@value HlsSpec#KEYFRAME_SECONDS} s of presentation time: the first frame, then the
     * first frame at or past each next multiple. On the frames' own times rather than counted from the
     * first, so that a run that starts mid-input (a segment of a split package) forces the same frames.
     */
    public static final String FORCED_KEYFRAMES = "expr:if(isnan(prev_forced_t),1,gte(t,(floor(prev_forced_t/"
            + HlsSpec.KEYFRAME_SECONDS + ")+1)*" + HlsSpec.KEYFRAME_SECONDS + "))";

    /**
     * One libx264 encoder per rung ({@code [v0]}… mapped in order): the settings, rates and thread shares
     * of the package, shared with a split package's segments.
     */
    public static List<String> videoEncoders(HlsSpec spec, int threads) {
        List<HlsRung> rungs = spec.rungs();
        List<String> args = new ArrayList<>(List.of(
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-profile:v",
                "high",
                "-pix_fmt",
                "yuv420p",
                "-sc_threshold",
                "0",
                "-g",
                Integer.toString(gopLimit(spec.frameRate())),
                "-force_key_frames",
                FORCED_KEYFRAMES));
        for (int i = 0; i < rungs.size(); i++) {
            HlsRung rung = rungs.get(i);
            args.addAll(List.of(
                    "-b:v:" + i,
                    rung.videoKbps() + "k",
                    "-maxrate:v:" + i,
                    rung.maxKbps() + "k",
                    "-bufsize:v:" + i,
                    rung.bufferKbits() + "k"));
        }
        if (threads > 0) {
            int[] shares = threadShares(rungs, threads);
            for (int i = 0; i < rungs.size(); i++) {
                args.addAll(List.of("-threads:v:" + i, Integer.toString(shares[i])));
            }
        }
        return args;
    }

    /** The audio rendition's encoder: AAC-LC in stereo at the package's rate. */
    public static List<String> audioEncoder(HlsSpec spec) {
        return List.of("-c:a", "aac", "-b:a", spec.audioKbps() + "k", "-ac", "2");
    }

    /**
     * The HLS muxer's options for fMP4 segments of {@value HlsSpec#SEGMENT_SECONDS} s in a VOD playlist.
     *
     * @param initName the init segment's name, with {@code %v} when there is more than one variant
     */
    public static List<String> fmp4Muxing(String initName) {
        return List.of(
                "-f",
                "hls",
                "-hls_time",
                Integer.toString(HlsSpec.SEGMENT_SECONDS),
                "-hls_playlist_type",
                "vod",
                "-hls_segment_type",
                "fmp4",
                "-hls_flags",
                "independent_segments",
                "-hls_fmp4_init_filename",
                initName);
    }

    /** Seconds of media the package holds, for progress: the input's duration. */
    public static Double outputSeconds(Double inputDuration) {
        return inputDuration != null && inputDuration > 0 ? inputDuration : null;
    }

    /**
     * The encoder's own GOP limit, in frames: past the forced keyframe interval (twice it, at the input's
     * rate, at least 60 frames) so that only forced keyframes start a GOP.
     */
    static int gopLimit(Double frameRate) {
        double fps = frameRate != null && frameRate > 0 && frameRate <= 240 ? frameRate : 60;
        return Math.max(60, (int) Math.ceil(fps * HlsSpec.KEYFRAME_SECONDS * 2));
    }

    /** FFmpeg's {@code -var_stream_map}: one variant per rung, the audio as a group all variants name. */
    static String streamMap(HlsSpec spec) {
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < spec.rungs().size(); i++) {
            variants.add("v:" + i + (spec.hasAudio() ? ",agroup:audio" : "") + ",name:"
                    + spec.rungs().get(i).name());
        }
        if (spec.hasAudio()) {
            variants.add("a:0,agroup:audio,name:" + HlsSpec.AUDIO);
        }
        return String.join(" ", variants);
    }
}
