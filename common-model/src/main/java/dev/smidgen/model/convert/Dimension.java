package dev.smidgen.model.convert;

import dev.smidgen.model.SmidgenException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A requested {@code width} or {@code height}: whole pixels (a JSON number) or a percentage of the input's
 * side (a string such as {@code "50%"}), which only the input's probe facts turn into pixels.
 */
public final class Dimension {
    private static final Pattern PERCENT = Pattern.compile("\\s*(\\d{1,5}(?:\\.\\d{1,4})?)\\s*%\\s*");

    private Dimension() {}

    /** Whether {@code value} is given as a percentage (a string); numbers are read by the callers as pixels. */
    public static boolean isPercent(Object value) {
        return value instanceof String;
    }

    /**
     * The percentage a {@code "50%"} value names, or null when {@code value} is absent or not a string.
     *
     * @throws SmidgenException {@code invalid_request} naming {@code field} for a string that is no
     *                          percentage above 0
     */
    public static Double percent(Object value, String field) {
        if (!(value instanceof String text)) {
            return null;
        }
        Matcher m = PERCENT.matcher(text);
        double percent = m.matches() ? Double.parseDouble(m.group(1)) : 0;
        if (!(percent > 0)) {
            throw SmidgenException.invalid(
                    field, field + " must be a number of pixels or a percentage of the input such as \"50%\".");
        }
        return percent;
    }

    /** {@code percent} of an input side, at least one pixel. */
    public static int ofInput(double percent, int inputSide) {
        return Math.max(1, (int) Math.round(inputSide * percent / 100));
    }
}
