package dev.smidgen.model;

/** Kafka topic names. Messages only announce a task id; workers read the task row for the rest. */
public final class Topics {
    public static final String INGEST = "smidgen.tasks.ingest";
    public static final String TRANSCODE = "smidgen.tasks.transcode";

    private Topics() {
    }
}
