package dev.smidgen.catalog.listing;

import dev.smidgen.model.SmidgenException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The fields a media or file list can be sorted by; each is a column with a (project, column, id) index. */
public enum SortKey {
    CREATED,
    UPDATED,
    FILESIZE,
    DURATION,
    WIDTH,
    HEIGHT,
    FPS,
    FILENAME;

    /** The column name, identical to the API name (safe to splice into SQL: it comes from this enum only). */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SortKey fromWire(String value) {
        if (value == null || value.isEmpty()) {
            return CREATED;
        }
        for (SortKey k : values()) {
            if (k.column().equals(value)) {
                return k;
            }
        }
        throw SmidgenException.invalid(
                "sort",
                "sort must be one of "
                        + Arrays.stream(values()).map(SortKey::column).collect(Collectors.joining(", ")) + ".");
    }
}
