package dev.smidgen.ingest.fetch;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How slow a download may be as a whole. The read timeout bounds only the silence between two reads, so
 * a source sending a byte every few seconds would hold a worker for ever; this bounds the whole download
 * ({@code deadline}) and, once {@code grace} has passed, its average rate.
 *
 * @param deadline          longest the download may take, from its start to its last byte
 * @param minBytesPerSecond slowest average rate after {@code grace}; 0 for no rate check
 * @param grace             how long a download runs before its rate counts (a slow start is normal)
 */
public record FetchPace(Duration deadline, long minBytesPerSecond, Duration grace) {
    /** No bound but the read timeout, as for bytes that are already stored. */
    public static final FetchPace NONE = new FetchPace(Duration.ofDays(365), 0, Duration.ofDays(365));

    public FetchPace {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(grace, "grace");
        if (deadline.isZero() || deadline.isNegative() || grace.isNegative() || minBytesPerSecond < 0) {
            throw new IllegalArgumentException("deadline must be positive, grace and rate not negative");
        }
    }

    /** A watch started now, told of every buffer received; it fails the download once it is too slow. */
    public FetchProgress start() {
        return start(System::nanoTime);
    }

    FetchProgress start(LongSupplier nanoTime) {
        long started = nanoTime.getAsLong();
        return (received, expected) -> check(received, Duration.ofNanos(nanoTime.getAsLong() - started));
    }

    /**
     * @throws SmidgenException {@link ErrorCode#SOURCE_TOO_SLOW} (permanent: a retry would be as slow and
     *                          take as long again) past the deadline, or below the rate after the grace
     */
    void check(long received, Duration elapsed) {
        if (elapsed.compareTo(deadline) > 0) {
            throw new SmidgenException(
                    ErrorCode.SOURCE_TOO_SLOW,
                    "The source sent " + received + " bytes in " + seconds(elapsed) + "; a download may take at most "
                            + seconds(deadline) + ".");
        }
        if (minBytesPerSecond > 0 && elapsed.compareTo(grace) >= 0 && !elapsed.isZero()) {
            double rate = received * 1e9 / elapsed.toNanos();
            if (rate < minBytesPerSecond) {
                throw new SmidgenException(
                        ErrorCode.SOURCE_TOO_SLOW,
                        String.format(
                                java.util.Locale.ROOT,
                                "The source sent %d bytes in %s (%.0f bytes/s); the slowest allowed is %d bytes/s.",
                                received,
                                seconds(elapsed),
                                rate,
                                minBytesPerSecond));
            }
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
