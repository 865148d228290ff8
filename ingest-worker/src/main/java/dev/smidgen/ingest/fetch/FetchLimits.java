package dev.smidgen.ingest.fetch;

import java.time.Duration;
import java.util.Objects;

/** How much and how long {@link SourceFetcher} may fetch: byte cap, timeouts, redirect budget and pace. */
public record FetchLimits(
        long maxBytes, Duration connectTimeout, Duration readTimeout, int maxRedirects, FetchPace pace) {

    public FetchLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative");
        }
        Objects.requireNonNull(pace, "pace");
    }

    /** Limits bounding the silence between reads only, not the whole download ({@link FetchPace#NONE}). */
    public FetchLimits(long maxBytes, Duration connectTimeout, Duration readTimeout, int maxRedirects) {
        this(maxBytes, connectTimeout, readTimeout, maxRedirects, FetchPace.NONE);
    }

    /** These limits with the whole download bounded by {@code newPace}. */
    public FetchLimits withPace(FetchPace newPace) {
        return new FetchLimits(maxBytes, connectTimeout, readTimeout, maxRedirects, newPace);
    }

    /** 1 GiB, 10 s to connect, 30 s between reads, 5 redirects. */
    public static FetchLimits defaults() {
        return new FetchLimits(1L << 30, Duration.ofSeconds(10), Duration.ofSeconds(30), 5);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
