package dev.smidgen.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A directory of a task's own for the files a worker handles, removed in every case when the task ends.
 * A worker killed with SIGKILL cannot remove it; {@link WorkDirSweeper} does, and never touches one
 * that is open in this JVM ({@link #isOpen}).
 */
public final class TaskWorkDir implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TaskWorkDir.class);
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
    private final Path dir;

    private TaskWorkDir(Path dir) {
        this.dir = dir;
    }

    /** A new directory named {@code {taskId}-{random digits}} under {@link #root}. */
    public static TaskWorkDir create(Optional<Path> root, String taskId) {
        try {
            Path base = root(root);
            Files.createDirectories(base);
            Path dir = Files.createTempDirectory(base, taskId + "-");
            OPEN.add(dir.toAbsolutePath());
            return new TaskWorkDir(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a work directory for " + taskId, e);
        }
    }

    /** Where work directories go: the configured directory, or the system temp dir. */
    public static Path root(Optional<Path> configured) {
        return configured.orElse(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Whether {@code dir} is the directory of a task this JVM is running now. */
    static boolean isOpen(Path dir) {
        return OPEN.contains(dir.toAbsolutePath());
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
        try {
            delete(dir);
        } catch (IOException e) {
            LOG.warnf("Could not remove work dir %s: %s", dir, e.getMessage());
        } finally {
            OPEN.remove(dir.toAbsolutePath());
        }
    }

    /** Removes a directory tree, deepest first; files that cannot be removed are left (and logged by callers). */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
