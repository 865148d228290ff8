package dev.smidgen.runtime;

/** Stop without writing: another worker owns the task now, or this one is shutting down. */
public final class TaskAbandoned extends RuntimeException {
    public TaskAbandoned() {
        super("task abandoned", null, false, false);
    }
}
