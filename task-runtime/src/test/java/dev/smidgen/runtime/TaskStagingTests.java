package dev.smidgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.storage.FileSystemStore;
import dev.smidgen.catalog.storage.StagedObject;
import dev.smidgen.catalog.tasks.TaskEntity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskStagingTests {
    @TempDir
    Path root;

    @Test
    void eachAttemptWritesAFileOfItsOwn() {
        FileSystemStore blobs = new FileSystemStore(root);
        StagedObject first = TaskStaging.stage(blobs, "transcode", task(1), ".mp4");
        StagedObject second = TaskStaging.stage(blobs, "transcode", task(2), ".mp4");
        assertEquals("transcode-task_abc-1.mp4", first.file().getFileName().toString());
        assertEquals("transcode-task_abc-2.mp4", second.file().getFileName().toString());
        assertEquals(
                root.resolve(".partial"), second.file().getParent(), "next to the objects: publishing is a rename");
    }

    @Test
    void earlierAttemptsFilesAreDiscardedWhenAnAttemptStarts() throws Exception {
        FileSystemStore blobs = new FileSystemStore(root);
        Path crashed = Files.writeString(
                TaskStaging.stage(blobs, "ingest", task(1), "").file(), "half a download");
        Path retried = Files.writeString(
                TaskStaging.stage(blobs, "ingest", task(2), "").file(), "half again");
        Path other = Files.writeString(
                TaskStaging.stage(blobs, "ingest", task("task_other", 1), "").file(), "not ours");

        StagedObject third = TaskStaging.stage(blobs, "ingest", task(3), "");
        assertFalse(Files.exists(crashed));
        assertFalse(Files.exists(retried));
        assertTrue(Files.exists(other), "another task's file stays");
        assertFalse(Files.exists(third.file()), "nothing is written until the run writes");
    }

    @Test
    void aTaskNeverClaimedCountsAsItsFirstAttempt() {
        FileSystemStore blobs = new FileSystemStore(root);
        assertEquals(
                "ingest-task_abc-1",
                TaskStaging.stage(blobs, "ingest", task(0), "")
                        .file()
                        .getFileName()
                        .toString());
    }

    private static TaskEntity task(int attempts) {
        return task("task_abc", attempts);
    }

    private static TaskEntity task(String id, int attempts) {
        TaskEntity task = new TaskEntity();
        task.id = id;
        task.attempts = attempts;
        return task;
    }
}
