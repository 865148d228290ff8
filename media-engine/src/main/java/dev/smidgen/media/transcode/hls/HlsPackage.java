package dev.smidgen.media.transcode.hls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A finished HLS package on local disk, ready to be stored object by object.
 *
 * @param directory   its root, holding {@link HlsSpec#MASTER}
 * @param files       every file of the package, relative to {@code directory} with '/' separators
 * @param renditions  the video rungs, largest first, then the audio rendition if there is one
 * @param bytes       the size of all its files
 * @param elapsed     wall-clock time of the FFmpeg run
 */
public record HlsPackage(
        Path directory, List<String> files, List<HlsRendition> renditions, long bytes, Duration elapsed) {
    public HlsPackage {
        files = List.copyOf(files);
        renditions = List.copyOf(renditions);
    }

    /** The master playlist's file. */
    public Path master() {
        return directory.resolve(HlsSpec.MASTER);
    }

    /** The largest video rung. */
    public HlsRendition top() {
        return renditions.get(0);
    }
}
