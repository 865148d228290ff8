package dev.smidgen.media.transcode.storyboard;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A finished storyboard on local disk, ready to be stored object by object.
 *
 * @param directory its root, holding {@link StoryboardSpec#VTT} and the sheets
 * @param spec      what it was made from (its layout)
 * @param files     every file, relative to {@code directory}: the sheets in order, then the track
 * @param sheets    the sheets, in order
 * @param bytes     the size of all its files
 * @param elapsed   wall-clock time of the FFmpeg run
 */
public record Storyboard(
        Path directory, StoryboardSpec spec, List<String> files, List<Sheet> sheets, long bytes, Duration elapsed) {
    public Storyboard {
        files = List.copyOf(files);
        sheets = List.copyOf(sheets);
    }

    /** One sprite sheet: its file name, its size in pixels and how many thumbnails it holds. */
    public record Sheet(String name, int width, int height, int tiles) {}

    /** The WebVTT track's file. */
    public Path vtt() {
        return directory.resolve(StoryboardSpec.VTT);
    }
}
