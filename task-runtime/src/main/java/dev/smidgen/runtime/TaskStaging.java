package dev.smidgen.runtime;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.StagedObject;
import dev.smidgen.catalog.tasks.TaskEntity;

/**
 * The staged file a run of a task writes its new object into, named after the task and the attempt:
 * {@code {kind}-{task id}-{attempt}{suffix}}.
 *
 * <p>The attempt is in the name because a worker whose lease lapsed (a long pause, a partition) may
 * still be writing when another worker has taken the task over: with one name per task, the two would
 * write into, publish or discard each other's bytes. Files of earlier attempts are discarded when an
 * attempt starts, as their worker died or lost the task and nobody will publish them; on S3 that reaches
 * only this machine's staging directory, where a leftover of another machine is not, so those wait for
 * the staged-file janitor.
 */
public final class TaskStaging {
    private TaskStaging() {}

    /**
     * The staged file of this run of {@code task}, after discarding those of its earlier attempts. Call it
     * at the start of the run: {@code task.attempts} is then the number of the claim that started it.
     *
     * @param kind   what the file is for, e.g. {@code ingest}
     * @param suffix appended to the name, e.g. the output's {@code .mp4}; may be empty
     */
    public static StagedObject stage(BlobStore blobs, String kind, TaskEntity task, String suffix) {
        for (int earlier = 1; earlier < task.attempts; earlier++) {
            blobs.stage(name(kind, task.id, earlier, suffix)).discard();
        }
        return blobs.stage(name(kind, task.id, Math.max(task.attempts, 1), suffix));
    }

    static String name(String kind, String taskId, int attempt, String suffix) {
        return kind + "-" + taskId + "-" + attempt + suffix;
    }
}
