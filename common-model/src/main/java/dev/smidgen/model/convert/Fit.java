package dev.smidgen.model.convert;

import dev.smidgen.model.SmidgenException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a picture fills a box of the requested width and height when their aspect ratios differ
 * (docs/api/conversions.md#size-fit-and-position). Only matters when both sides are asked for.
 */
public enum Fit {
    /** The whole picture inside the box, the rest filled with the {@code background}. */
    CONTAIN,
    /** The box covered by the picture, the overflow cut off around the {@code position}. */
    COVER,
    /** The picture stretched to the box: what a request with both sides got before fit existed. */
    FILL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The fit a request names; null when absent; {@code invalid_request} for anything else. */
    public static Fit parse(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            for (Fit f : values()) {
                if (f.wire().equals(s.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
        }
        throw SmidgenException.invalid(
                field,
                field + " must be one of "
                        + Arrays.stream(values()).map(Fit::wire).collect(Collectors.joining(", ")) + ".");
    }

    /** The fit of a stored wire name; null for null. */
    public static Fit ofWire(String wire) {
        return wire == null ? null : valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
