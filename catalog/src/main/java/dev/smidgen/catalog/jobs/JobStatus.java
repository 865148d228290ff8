package dev.smidgen.catalog.jobs;

import java.util.Locale;

/** A job's lifecycle as the jobs generation publishes it (docs/api/jobs.md#statuses). */
public enum JobStatus {
    /** Created; no step has started. */
    QUEUED,
    /** A step is running, or one finished and the next waits its turn. */
    PROCESSING,
    SUCCEEDED,
    /** A step failed; {@code error} says why, and the steps after it were cancelled. */
    FAILED,
    /** Cancelled on request; running work was stopped and nothing of it was kept. */
    CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
