package dev.smidgen.catalog.storage;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sweep of a store's local staging directory, the same for both stores: files a crashed writer
 * left behind (not modified for {@code idleFor}) are deleted. A file still being written is modified as
 * it grows, so it is never taken. The filesystem store's staging directory is its own and nests (a
 * chunked upload's parts share a folder), so there the sweep goes down the tree and removes the folders
 * it emptied; the S3 store's may be a directory the operator shares with others, so only its own
 * top-level files are looked at.
 */
final class StagedFiles {
    private StagedFiles() {}

    /**
     * Deletes the idle files in {@code dir} (with {@code nested}, at any depth, and then the directories
     * left empty); returns how many files went.
     */
    static int sweep(Path dir, Duration idleFor, boolean nested) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(idleFor);
        int removed = 0;
        try (Stream<Path> all = Files.walk(dir, nested ? Integer.MAX_VALUE : 1)) {
            // Deepest first, so that a directory is visited after its children.
            List<Path> paths = all.filter(p -> !p.equals(dir))
                    .sorted(Comparator.reverseOrder())
                    .toList();
            for (Path p : paths) {
                try {
                    if (Files.isDirectory(p)) {
                        if (nested) {
                            Files.delete(p);
                        }
                    } else if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) {
                        removed++;
                    }
                } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                    // still in use, or gone meanwhile
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw SmidgenException.transientFailure(
                    ErrorCode.UNAVAILABLE, "Sweeping " + dir + " failed: " + e.getMessage(), e);
        }
        return removed;
    }
}
