package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.process.Tool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inputs with the timelines that splitting gets wrong first, generated with the bundled ffmpeg, and
 * ffprobe readings of the results.
 */
final class SplitMedia {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private SplitMedia() {}

    /** 8 s of 320x240 at 25 fps, a keyframe every second (GOP 25), 44.1 kHz stereo AAC. */
    static Path constantRate(Path dir) {
        return withTone(dir, "cfr", "testsrc2=size=320x240:rate=25:duration=8", 8, List.of("-g", "25"));
    }

    /** 10 s of 640x360 at 25 fps, a keyframe every second, with audio: an HLS ladder of two rungs. */
    static Path ladderSource(Path dir) {
        return withTone(dir, "ladder", "testsrc2=size=640x360:rate=25:duration=10", 10, List.of("-g", "25"));
    }

    /** 6 s at 25 fps with one keyframe only (the first), and audio. */
    static Path sparseKeyframes(Path dir) {
        return withTone(
                dir,
                "sparse",
                "testsrc2=size=320x240:rate=25:duration=6",
                6,
                List.of("-x264-params", "keyint=1000:min-keyint=1000:scenecut=0"));
    }

    /** 3 s at 24 fps then 3 s at 30 fps in one stream (a variable frame rate), keyframe every 20 frames, audio. */
    static Path variableRate(Path dir) {
        Path out = dir.resolve("vfr.mp4");
        run(
                Tool.FFMPEG,
                List.of(
                        "-v",
                        "error",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=320x240:rate=24:duration=3",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=320x240:rate=30:duration=3",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=550:duration=6",
                        "-filter_complex",
                        "[0]settb=1/1200[a];[1]settb=1/1200,setpts=PTS+3/TB[b];[a][b]concat=n=2:v=1:a=0[v]",
                        "-map",
                        "[v]",
                        "-map",
                        "2:a",
                        "-fps_mode",
                        "vfr",
                        "-video_track_timescale",
                        "1200",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-g",
                        "20",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        out.toString()));
        return out;
    }

    /** A phone-style clip: 320x240 stored, shown rotated by 90 degrees (a display matrix), 6 s at 30 fps, audio. */
    static Path rotated(Path dir) {
        Path plain = withTone(dir, "unrotated", "testsrc2=size=320x240:rate=30:duration=6", 6, List.of("-g", "30"));
        Path out = dir.resolve("rotated.mp4");
        run(
                Tool.FFMPEG,
                List.of(
                        "-v",
                        "error",
                        "-y",
                        "-display_rotation:v:0",
                        "-90",
                        "-i",
                        plain.toString(),
                        "-c",
                        "copy",
                        out.toString()));
        return out;
    }

    /** {@code name.mp4}: the lavfi {@code video} graph in H.264 with {@code videoOptions}, and a tone in AAC. */
    static Path withTone(Path dir, String name, String video, int seconds, List<String> videoOptions) {
        Path out = dir.resolve(name + ".mp4");
        List<String> args = new ArrayList<>(List.of("-v", "error", "-y", "-f", "lavfi", "-i", video));
        args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds));
        args.addAll(List.of("-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast"));
        args.addAll(videoOptions);
        args.addAll(List.of("-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", out.toString()));
        run(Tool.FFMPEG, args);
        return out;
    }

    /** Every decoded video frame of {@code file}: its time in seconds and whether it is a keyframe. */
    static List<double[]> frames(Path file) {
        String report = run(
                Tool.FFPROBE,
                List.of(
                        "-v",
                        "error",
                        "-select_streams",
                        "V:0",
                        "-show_entries",
                        "frame=pts_time,key_frame",
                        "-of",
                        "compact=p=0",
                        file.toString()));
        List<double[]> frames = new ArrayList<>();
        for (String line : report.split("\n")) {
            Map<String, String> values = fields(line);
            if (values.containsKey("pts_time")) {
                frames.add(new double[] {
                    Double.parseDouble(values.get("pts_time")), Double.parseDouble(values.get("key_frame"))
                });
            }
        }
        return frames;
    }

    /** The first stream of {@code type} ({@code v} or {@code a}) of {@code file}: ffprobe's fields by name. */
    static Map<String, String> stream(Path file, String type) {
        String report = run(
                Tool.FFPROBE,
                List.of(
                        "-v",
                        "error",
                        "-select_streams",
                        type + ":0",
                        "-show_entries",
                        "stream=codec_name,profile,level,pix_fmt,time_base,start_time,duration,width,height,sample_rate,nb_frames",
                        "-of",
                        "compact=p=0",
                        file.toString()));
        return fields(report.strip().split("\n")[0]);
    }

    /** Presentation times of every packet of the first audio stream, in order. */
    static List<Double> audioPackets(Path file) {
        String report = run(
                Tool.FFPROBE,
                List.of(
                        "-v",
                        "error",
                        "-select_streams",
                        "a:0",
                        "-show_entries",
                        "packet=pts_time",
                        "-of",
                        "csv=p=0",
                        file.toString()));
        List<Double> times = new ArrayList<>();
        for (String line : report.split("\n")) {
            if (!line.isBlank()) {
                times.add(Double.parseDouble(line.replace(",", "").strip()));
            }
        }
        return times;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> values = new HashMap<>();
        for (String field : line.split("\\|")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                values.put(field.substring(0, eq), field.substring(eq + 1));
            }
        }
        return values;
    }

    /** ffprobe's report of {@code args}. */
    static String ffprobe(String... args) {
        return run(Tool.FFPROBE, List.of(args));
    }

    private static String run(Tool tool, List<String> args) {
        FfmpegInvocation invocation =
                tool == Tool.FFMPEG ? FfmpegInvocation.ffmpeg(args) : FfmpegInvocation.ffprobe(args);
        return FfmpegRunner.shared()
                .run(invocation.withTimeout(TIMEOUT).withStdoutLimit(16 << 20), "split-media")
                .stdoutText();
    }
}
