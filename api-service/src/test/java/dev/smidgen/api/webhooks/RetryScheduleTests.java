package dev.smidgen.api.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTests {
    private final RetrySchedule defaults =
            new RetrySchedule(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(24));

    @Test
    void doublesFromTheBaseUpToTheCap() {
        List<Duration> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= 10; attempt++) {
            delays.add(defaults.delayAfter(attempt));
        }
        assertEquals(
                List.of(
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(4),
                        Duration.ofMinutes(8),
                        Duration.ofMinutes(16),
                        Duration.ofMinutes(32),
                        Duration.ofHours(1),
                        Duration.ofHours(1),
                        Duration.ofHours(1)),
                delays);
        assertEquals(Duration.ofHours(1), defaults.delayAfter(1_000_000));
    }

    @Test
    void stopsAtTheDeadline() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        Instant deadline = defaults.deadline(created);
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), deadline);
        assertEquals(Optional.of(created.plusSeconds(30)), defaults.next(1, created, deadline));
        assertEquals(Optional.of(deadline), defaults.next(8, deadline.minus(Duration.ofHours(1)), deadline));
        assertEquals(Optional.empty(), defaults.next(8, deadline.minus(Duration.ofMinutes(59)), deadline));
    }

    @Test
    void aDayOfRetriesIsAboutThirtyAttempts() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Instant deadline = defaults.deadline(now);
        int attempts = 1; // the first try, at once
        Optional<Instant> next = defaults.next(attempts, now, deadline);
        while (next.isPresent()) {
            attempts++;
            next = defaults.next(attempts, next.get(), deadline);
        }
        assertTrue(attempts >= 28 && attempts <= 32, "attempts: " + attempts);
    }

    @Test
    void testSettingsRetryWithinSeconds() {
        RetrySchedule fast = new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofMinutes(1));
        assertEquals(
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4)),
                List.of(fast.delayAfter(1), fast.delayAfter(2), fast.delayAfter(3), fast.delayAfter(4)));
    }

    @Test
    void refusesNonsense() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetrySchedule(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetrySchedule(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> defaults.delayAfter(0));
    }
}
