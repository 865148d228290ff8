package dev.smidgen.catalog.tasks;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;

/**
 * What became of a task a request waited for ({@link TaskAwait}), as its row says once the wait ends.
 * Each caller maps it to its own answer: 201 with what the task made, 202 with the task, or the error.
 */
public sealed interface TaskOutcome {
    /** The row as committed when the wait ended. */
    TaskEntity task();

    /** The task completed: its file and media rows exist. */
    record Completed(TaskEntity task) implements TaskOutcome {}

    /** The wait timed out with the task pending or processing; the client follows it through the task. */
    record StillRunning(TaskEntity task) implements TaskOutcome {}

    /** The task failed with a stable error code. */
    record Failed(TaskEntity task) implements TaskOutcome {
        /** The task's error as the request's error, reported on {@code field}. */
        public SmidgenException error(String field) {
            return new SmidgenException(ErrorCode.fromCode(task.errorCode), task.errorMessage, field);
        }
    }
}
