package dev.smidgen.runtime;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.SmidgenException;

/** The work a worker does with a task it has claimed, start to end; {@link PipelineRunner} hands tasks to it. */
public interface TaskPipeline {
    /** The worker's settings, which the pipeline runs under and its runner claims with. */
    TaskWorkerConfig config();

    /** Does the task's work as {@code owner}; the heartbeat tells whether the task is still ours. */
    void run(TaskEntity task, String owner, LeaseHeartbeat heartbeat);

    /** Fails a claimed task without running it (workers keep dying on it), cleaning up as a failed run does. */
    void giveUp(TaskEntity task, String owner, SmidgenException error);
}
