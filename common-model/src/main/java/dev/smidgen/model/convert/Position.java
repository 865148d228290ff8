package dev.smidgen.model.convert;

import dev.smidgen.model.SmidgenException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the picture sits in its box: the part kept by {@link Fit#COVER}, the place of the picture in the
 * padding of {@link Fit#CONTAIN}. {@code x} and {@code y} are the anchor as a fraction of the free space
 * (0 left or top, 1 right or bottom).
 */
public enum Position {
    CENTER(0.5, 0.5),
    TOP(0.5, 0),
    BOTTOM(0.5, 1),
    LEFT(0, 0.5),
    RIGHT(1, 0.5),
    TOP_LEFT(0, 0),
    TOP_RIGHT(1, 0),
    BOTTOM_LEFT(0, 1),
    BOTTOM_RIGHT(1, 1);

    private final double x;
    private final double y;

    Position(double x, double y) {
        this.x = x;
        this.y = y;
    }

    public double x() {
        return x;
    }

    public double y() {
        return y;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The position a request names ({@code top_left} or {@code top-left}, {@code centre} for
     * {@code center}); null when absent; {@code invalid_request} for anything else.
     */
    public static Position parse(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            String normal = s.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
            if (normal.equals("centre")) {
                return CENTER;
            }
            for (Position p : values()) {
                if (p.wire().equals(normal)) {
                    return p;
                }
            }
        }
        throw SmidgenException.invalid(
                field,
                field + " must be one of "
                        + Arrays.stream(values()).map(Position::wire).collect(Collectors.joining(", ")) + ".");
    }

    /** The position of a stored wire name; null for null. */
    public static Position ofWire(String wire) {
        return wire == null ? null : valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
