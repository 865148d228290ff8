package dev.smidgen.catalog.uploads;

import java.util.Locale;

/** Life of an upload session: bytes are accepted only while {@link #OPEN}. */
public enum UploadStatus {
    OPEN,
    COMPLETING,
    COMPLETED,
    FAILED,
    EXPIRED,
    CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UploadStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
