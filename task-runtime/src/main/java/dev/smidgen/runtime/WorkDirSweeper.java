package dev.smidgen.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Removes the {@link TaskWorkDir}s a killed worker left behind: those whose task no worker holds a
 * live lease on. A directory open in this JVM is never touched, nor one whose task is leased (another
 * worker on this host may be using it), nor anything not named like a work directory, since the
 * default root is the shared system temp dir.
 *
 * <p>The directories are listed before the leases are read: a directory created after the listing
 * is not considered, and one listed belongs to a task that was claimed before the lookup, so a live
 * owner always shows as a lease.
 */
public final class WorkDirSweeper {
    private static final Logger LOG = Logger.getLogger(WorkDirSweeper.class);
    /** {@code {task id}-{digits}}: what {@link Files#createTempDirectory} makes of the task id prefix. */
    private static final Pattern NAME = Pattern.compile("(task_[a-z0-9]+)-[0-9]+");

    private final Path root;
    private final Function<Collection<String>, Set<String>> leased;

    /**
     * @param root   the directory work directories are created in
     * @param leased those of the given task ids that a worker holds a live lease on ({@link TaskLeases#leased})
     */
    public WorkDirSweeper(Path root, Function<Collection<String>, Set<String>> leased) {
        this.root = root;
        this.leased = leased;
    }

    /** Removes every abandoned work directory under the root; returns those removed. */
    public List<Path> sweep() {
        Map<Path, String> candidates = candidates();
        if (candidates.isEmpty()) {
            return List.of();
        }
        Set<String> held = leased.apply(Set.copyOf(candidates.values()));
        List<Path> removed = new ArrayList<>();
        candidates.forEach((dir, taskId) -> {
            if (held.contains(taskId) || TaskWorkDir.isOpen(dir)) {
                return;
            }
            try {
                TaskWorkDir.delete(dir);
                if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
                    removed.add(dir);
                    LOG.infof("Removed the work dir %s of task %s, which no worker holds", dir, taskId);
                } else {
                    LOG.warnf("Could not remove all of the abandoned work dir %s", dir);
                }
            } catch (IOException e) {
                LOG.warnf("Could not remove the abandoned work dir %s: %s", dir, e.getMessage());
            }
        });
        return removed;
    }

    private Map<Path, String> candidates() {
        Map<Path, String> found = new HashMap<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                Matcher name = NAME.matcher(entry.getFileName().toString());
                // Not following links: a link named like a work dir is not one, and must not lead the
                // sweeper into a directory elsewhere.
                if (name.matches() && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    found.put(entry, name.group(1));
                }
            }
        } catch (IOException e) {
            LOG.warnf("Could not list the work dir root %s: %s", root, e.getMessage());
        }
        return found;
    }
}
