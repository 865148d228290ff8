package dev.smidgen.media.transcode.segment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Files one run wrote for a split HLS package (one range's rungs, or the audio rendition), ready for
 * {@link SegmentJoiner#joinHls}.
 *
 * @param directory where they are
 * @param files     every file, relative to {@code directory} with '/' separators, sorted
 * @param bytes     their size
 * @param elapsed   wall-clock time of the run
 */
public record PackagePart(Path directory, List<String> files, long bytes, Duration elapsed) {
    public PackagePart {
        files = List.copyOf(files);
    }
}
