package dev.smidgen.ingest.fetch;

/** Told how far a download has come; called from the copying thread after every buffer. */
@FunctionalInterface
public interface FetchProgress {
    FetchProgress NONE = (received, expected) -> { };

    /** {@code expected} is the declared length, or -1 when the source did not announce one. */
    void received(long received, long expected);
}
