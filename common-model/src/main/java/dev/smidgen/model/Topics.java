package dev.smidgen.model;

/** Kafka topic names. Messages only announce a task id; workers read the task row for the rest. */
public final class Topics {
    public static final String INGEST = "smidgen.tasks.ingest";
    public static final String TRANSCODE = "smidgen.tasks.transcode";
    /** Where transcode workers put messages that can never be processed (see the worker's consumer). */
    public static final String TRANSCODE_DLQ = TRANSCODE + ".dlq";

    private Topics() {}
}
