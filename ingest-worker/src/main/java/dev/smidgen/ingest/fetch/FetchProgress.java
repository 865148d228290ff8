package dev.smidgen.ingest.fetch;

/**
 * Told how far a download has come; called from the copying thread after every buffer, once the
 * bytes received so far are written to the target (so the target may be read up to there).
 */
@FunctionalInterface
public interface FetchProgress {
    FetchProgress NONE = (received, expected) -> {};

    /** {@code expected} is the declared length, or -1 when the source did not announce one. */
    void received(long received, long expected);

    /** Tells this, then {@code next}. */
    default FetchProgress andThen(FetchProgress next) {
        return (received, expected) -> {
            received(received, expected);
            next.received(received, expected);
        };
    }
}
