package dev.smidgen.media.transcode;

import dev.smidgen.media.MediaInput;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The directory one FFmpeg run writes a package of many files into (an HLS ladder, a storyboard): checked
 * empty before the run, so that everything in it afterwards is the run's, and emptied after a failure.
 */
public final class PackageDirectory {
    private PackageDirectory() {}

    /**
     * Refuses a local input that is gone and a directory that is missing or holds anything;
     * {@code what} names the directory in the error ("package", "storyboard").
     */
    public static void requireReady(MediaInput input, Path directory, String what) {
        if (input instanceof MediaInput.LocalFile local && !Files.isRegularFile(local.path())) {
            throw new SmidgenException(ErrorCode.INTERNAL, "The file to convert does not exist.");
        }
        try {
            if (!Files.isDirectory(directory) || !isEmpty(directory)) {
                throw new SmidgenException(ErrorCode.INTERNAL, "The " + what + " directory is missing or not empty.");
            }
        } catch (IOException e) {
            throw SmidgenException.transientFailure(ErrorCode.INTERNAL, "The " + what + " directory is not usable.", e);
        }
    }

    /** Removes everything under {@code directory}, keeping it. */
    public static void clear(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder())
                    .filter(p -> !p.equals(directory))
                    .forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // the caller's work directory is removed in every case
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }
}
