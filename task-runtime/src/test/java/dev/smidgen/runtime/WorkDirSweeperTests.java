package dev.smidgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirSweeperTests {
    @TempDir
    Path root;

    @Test
    void removesTheWorkDirOfATaskNoWorkerHolds() throws Exception {
        Path killed = workDirWithFiles("task_dead0000001-123456789");
        Path leasedElsewhere = workDirWithFiles("task_live0000001-987654321");
        List<Collection<String>> asked = new ArrayList<>();
        WorkDirSweeper sweeper = new WorkDirSweeper(root, ids -> {
            asked.add(ids);
            return Set.of("task_live0000001");
        });

        assertEquals(List.of(killed), sweeper.sweep());

        assertFalse(Files.exists(killed), "the killed worker's directory stayed");
        assertTrue(Files.isRegularFile(leasedElsewhere.resolve("frames/0001.png")), "a leased task's dir went");
        assertEquals(List.of(Set.of("task_dead0000001", "task_live0000001")), asked);
    }

    @Test
    void neverRemovesADirectoryInUseInThisJvm() throws Exception {
        try (TaskWorkDir running = TaskWorkDir.create(Optional.of(root), "task_running00001")) {
            Files.writeString(running.resolve("ffmpeg2pass-0.log"), "pass 1");
            WorkDirSweeper sweeper = new WorkDirSweeper(root, ids -> Set.of()); // e.g. the lease just lapsed

            assertEquals(List.of(), sweeper.sweep());
            assertTrue(Files.isRegularFile(running.resolve("ffmpeg2pass-0.log")));
        }
        WorkDirSweeper after = new WorkDirSweeper(root, ids -> Set.of());
        assertEquals(List.of(), after.sweep(), "closed, so already removed by its task");
    }

    @Test
    void leavesAnythingNotNamedLikeAWorkDirAlone() throws Exception {
        // The default root is the shared system temp dir.
        Path other = Files.createDirectories(root.resolve("hsperfdata_smidgen"));
        Path almost = Files.createDirectories(root.resolve("task_abc-notdigits"));
        Path file = Files.writeString(root.resolve("task_abc000000001-42"), "a file, not a dir");
        Path target = Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(target.resolve("keep.txt"), "keep");
        Path link = Files.createSymbolicLink(root.resolve("task_link00000001-7"), target);
        WorkDirSweeper sweeper = new WorkDirSweeper(root, ids -> Set.of());

        assertEquals(List.of(), sweeper.sweep());

        assertTrue(Files.isDirectory(other));
        assertTrue(Files.isDirectory(almost));
        assertTrue(Files.isRegularFile(file));
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.isRegularFile(target.resolve("keep.txt")));
    }

    @Test
    void aMissingRootIsNothingToSweep() {
        WorkDirSweeper sweeper = new WorkDirSweeper(root.resolve("absent"), ids -> {
            throw new AssertionError("no lookup without candidates");
        });
        assertEquals(List.of(), sweeper.sweep());
    }

    private Path workDirWithFiles(String name) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name).resolve("frames"));
        Files.write(dir.resolve("0001.png"), new byte[1024]);
        return root.resolve(name);
    }
}
