package dev.smidgen.upload.tus;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The IMF-fixdate of RFC 9110 ({@code Sun, 06 Nov 1994 08:49:37 GMT}) that tus uses for
 * {@code Upload-Expires}. Not {@link DateTimeFormatter#RFC_1123_DATE_TIME}: that one drops the
 * leading zero of the day, which the fixed format requires.
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private HttpDate() {}

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }
}
