package dev.smidgen.web.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps as the API writes them: ISO-8601 UTC, whole seconds, {@code Z}. */
public final class ApiTimes {
    private ApiTimes() {}

    public static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
