package dev.smidgen.devstack;

import java.time.Duration;

/**
 * How long {@link Supervisor} waits before restarting a service that died: 1 s, then doubling up to
 * 30 s while it keeps dying, back to 1 s once a run lasted a stable minute. A service that cannot
 * start is retried without end, but at most twice a minute, so its log stays readable.
 */
final class RestartBackoff {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);
    static final Duration STABLE = Duration.ofMinutes(1);

    private Duration next = FIRST;

    /** The wait before the next restart of a service whose last run lasted {@code uptime}. */
    Duration after(Duration uptime) {
        if (uptime.compareTo(STABLE) >= 0) {
            next = FIRST;
        }
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
        return delay;
    }
}
