package dev.smidgen.model;

import java.util.Locale;

/** Lifecycle of a task row; the row, not any message, is the truth. */
public enum TaskStatus {
    /** Created, but waiting for another task (the ingest of a URL it converts) before it can run. */
    WAITING,
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED,
    /** Stopped on request (a cancelled job) before it finished; it made nothing. */
    CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static TaskStatus fromWire(String value) {
        for (TaskStatus s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw SmidgenException.invalid(
                "status", "status must be one of waiting, pending, processing, completed, failed, cancelled.");
    }
}
