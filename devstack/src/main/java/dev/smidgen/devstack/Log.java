package dev.smidgen.devstack;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Timestamped console lines of the devstack launcher (deliberately no logging framework: consumers bring their own). */
public final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static volatile boolean quiet = Boolean.getBoolean("smidgen.devstack.quiet");

    private Log() {}

    /** Suppresses progress lines (errors are still printed). */
    public static void quiet(boolean value) {
        quiet = value;
    }

    public static void info(String component, String format, Object... args) {
        if (!quiet) {
            System.out.println(line(component, format, args));
        }
    }

    public static void warn(String component, String format, Object... args) {
        System.err.println(line(component, "WARN " + format, args));
    }

    /** Milliseconds since {@code startNanos}, for "ready in N ms" lines. */
    public static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String line(String component, String format, Object... args) {
        return String.format(
                "%s %-16s %s", LocalTime.now().format(TIME), "[" + component + "]", String.format(format, args));
    }
}
