package dev.smidgen.api.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a webhook delivery that failed is tried again: {@code base} after the first failure, then
 * doubling, never more than {@code cap} apart, and never after {@code retryFor} from the event
 * (the delivery fails for good instead). With the defaults (30 s, 1 h, 24 h) that is 30 s, 1 min,
 * 2 min, ... 32 min, then hourly: about 30 attempts in all.
 */
public record RetrySchedule(Duration base, Duration cap, Duration retryFor) {
    private static final int MAX_SHIFT = 30;

    public RetrySchedule {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(retryFor, "retryFor");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("The first retry delay must be positive, not " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException(
                    "The longest retry delay (" + cap + ") is shorter than the first (" + base + ")");
        }
        if (retryFor.isNegative()) {
            throw new IllegalArgumentException("The retry window cannot be negative: " + retryFor);
        }
    }

    /** The wait after attempt number {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("Attempts count from 1, not " + attempt);
        }
        int shift = Math.min(attempt - 1, MAX_SHIFT);
        // Multiplying by 2^30 overflows no Duration a config could hold, and the cap ends it anyway.
        Duration delay = base.multipliedBy(1L << shift);
        return delay.compareTo(cap) > 0 ? cap : delay;
    }

    /** The moment retries stop for an event created at {@code eventCreated}. */
    public Instant deadline(Instant eventCreated) {
        return eventCreated.plus(retryFor);
    }

    /**
     * When to try again after attempt {@code attempt} failed at {@code now}; empty when that would
     * be past {@code deadline}, i.e. the delivery has failed for good.
     */
    public Optional<Instant> next(int attempt, Instant now, Instant deadline) {
        Instant next = now.plus(delayAfter(attempt));
        return next.isAfter(deadline) ? Optional.empty() : Optional.of(next);
    }
}
