package dev.smidgen.model.convert;

import dev.smidgen.model.SmidgenException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The named qualities a request may give instead of a number ({@code "quality": "medium"}). Each is a
 * point of the numeric 0–1 scale, so every encoder's knob for it comes from the one table of
 * media-engine's {@code QualityScale} (docs/api/conversions.md#quality lists the values per codec):
 * {@code high} is the default 0.8, and the steps below it are evenly spaced.
 */
public enum QualityPreset {
    VERY_LOW(0.2),
    LOW(0.4),
    MEDIUM(0.6),
    HIGH(0.8),
    VERY_HIGH(1.0);

    private final double quality;

    QualityPreset(double quality) {
        this.quality = quality;
    }

    /** The point of the 0–1 scale this name stands for. */
    public double quality() {
        return quality;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset named {@code name} ({@code very_low} … {@code very_high}), or null when it is none of them. */
    public static QualityPreset ofWire(String name) {
        if (name == null) {
            return null;
        }
        String normal = name.toLowerCase(Locale.ROOT).replace('-', '_');
        for (QualityPreset p : values()) {
            if (p.wire().equals(normal)) {
                return p;
            }
        }
        return null;
    }

    /**
     * A request's {@code quality}: a number from 0 to 1, or a preset's name.
     *
     * @return the number it stands for, or null when absent
     * @throws SmidgenException {@code invalid_request} naming {@code field} for anything else
     */
    public static Double quality(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            double q = n.doubleValue();
            if (!Double.isFinite(q) || q < 0 || q > 1) {
                throw SmidgenException.invalid(field, field + " must be between 0 and 1, or one of " + names() + ".");
            }
            return q;
        }
        QualityPreset preset = value instanceof String s ? ofWire(s) : null;
        if (preset == null) {
            throw SmidgenException.invalid(field, field + " must be a number from 0 to 1, or one of " + names() + ".");
        }
        return preset.quality;
    }

    /** The preset a request's {@code quality} names, or null for a number or nothing. */
    public static QualityPreset named(Object value) {
        return value instanceof String s ? ofWire(s) : null;
    }

    private static String names() {
        return Arrays.stream(values()).map(QualityPreset::wire).collect(Collectors.joining(", "));
    }
}
