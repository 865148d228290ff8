package dev.smidgen.media.transcode.storyboard;

import dev.smidgen.media.FfmpegCommands;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.transcode.QualityScale;
import java.util.ArrayList;
import java.util.List;

/**
 * The ffmpeg argument list (without the executable) of one storyboard: the video is decoded once, and one
 * filter chain takes a frame every interval, makes exactly as many thumbnails as the track has cues, scales
 * them and lays them out in sheets, written as numbered images. Pure, so the command is unit-tested.
 *
 * <p>{@code fps} with {@code round=up} gives slot {@code k} (time {@code k × interval}) the frame shown at
 * that time, and ends with {@code ceil(duration / interval)} slots; {@code tpad} (repeating the last frame)
 * and {@code trim} then make the count exact even when the video stream is shorter or longer than the
 * media's duration (audio that outlasts the picture), so the sheets always match the WebVTT that Java
 * writes from the same {@link StoryboardSpec}. {@code tile} fills a sheet row by row and flushes the last,
 * partial one at the end (its unused cells are black).
 */
public final class StoryboardArgs {
    private StoryboardArgs() {}

    /** @param threads filter and encoder threads (0: FFmpeg's default) */
    public static List<String> build(MediaInput input, StoryboardSpec spec, int threads) {
        List<String> args = new ArrayList<>(FfmpegCommands.common(input.logLevel()));
        args.add("-y");
        if (threads > 0) {
            args.addAll(List.of("-filter_threads", Integer.toString(threads)));
        }
        args.addAll(input.inputOptions());
        args.addAll(List.of("-i", input.ffmpegInput()));
        args.addAll(List.of("-filter_complex", graph(spec), "-map", "[sheets]", "-an", "-sn", "-dn"));
        args.addAll(List.of("-fps_mode", "passthrough"));
        double q = spec.quality();
        switch (spec.format()) {
            case JPEG ->
                args.addAll(List.of(
                        "-c:v",
                        "mjpeg",
                        "-q:v",
                        Integer.toString(QualityScale.JPEG_QSCALE.at(q)),
                        "-pix_fmt",
                        "yuvj420p"));
            case WEBP ->
                args.addAll(List.of("-c:v", "libwebp", "-quality", Integer.toString(QualityScale.WEBP_QUALITY.at(q))));
            default -> throw new IllegalArgumentException("not a sheet format: " + spec.format());
        }
        if (threads > 0) {
            args.addAll(List.of("-threads", Integer.toString(threads)));
        }
        args.addAll(List.of(
                "-map_metadata",
                "-1",
                "-f",
                "image2",
                "-start_number",
                "0",
                // Relative: FFmpeg runs in the storyboard's directory.
                "sheet-%03d." + spec.format().extension()));
        return args;
    }

    /** The filter graph from the first video stream to the {@code [sheets]} output. */
    static String graph(StoryboardSpec spec) {
        return "[0:V:0]fps=fps=1000/" + spec.intervalMillis() + ":round=up"
                + ",tpad=stop_mode=clone:stop=-1"
                + ",trim=end_frame=" + spec.tiles()
                + ",scale=" + spec.width() + ":" + spec.height()
                + ",setsar=1"
                + ",tile=" + spec.sheetColumns() + "x" + spec.sheetRows()
                + "[sheets]";
    }
}
