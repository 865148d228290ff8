package dev.smidgen.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/** A directory of a task's own for the files a worker handles, removed in every case when the task ends. */
public final class TaskWorkDir implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TaskWorkDir.class);
    private final Path dir;

    private TaskWorkDir(Path dir) {
        this.dir = dir;
    }

    /** A new directory named after the task under {@code root} (default: the system temp dir). */
    public static TaskWorkDir create(Optional<Path> root, String taskId) {
        try {
            Path base = root.orElse(Path.of(System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            return new TaskWorkDir(Files.createTempDirectory(base, taskId + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a work directory for " + taskId, e);
        }
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Removes the directory and everything in it; a failure is logged, never thrown over the task's outcome. */
    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("Could not remove work dir %s: %s", dir, e.getMessage());
        }
    }
}
