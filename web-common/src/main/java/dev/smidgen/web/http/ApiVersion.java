package dev.smidgen.web.http;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * API versions, named by date. A client's {@code Accept-Version} date selects the newest version
 * released on or before it; before 2025-08-20 responses use the envelope, from it on bare shapes.
 */
public enum ApiVersion {
    V2024_08_21("2024-08-21", true),
    V2025_08_20("2025-08-20", false);

    public static final ApiVersion DEFAULT = V2024_08_21;
    private static final LocalDate FIRST_SUPPORTED = LocalDate.of(2024, 1, 1);

    private final String label;
    private final boolean envelope;

    ApiVersion(String label, boolean envelope) {
        this.label = label;
        this.envelope = envelope;
    }

    public String label() {
        return label;
    }

    /** Whether responses are wrapped in {@code {meta, data, error, links}}. */
    public boolean envelope() {
        return envelope;
    }

    /** The version for a header value; absent means the default, anything unreadable is a 400. */
    public static ApiVersion resolve(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT;
        }
        LocalDate requested;
        try {
            requested = LocalDate.parse(header.trim());
        } catch (DateTimeException e) {
            throw new SmidgenException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "Accept-Version must be a date such as 2025-08-20.",
                    "Accept-Version");
        }
        if (requested.isBefore(FIRST_SUPPORTED)) {
            throw new SmidgenException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "Accept-Version " + header.trim() + " predates every version of this API.",
                    "Accept-Version");
        }
        return requested.isBefore(LocalDate.parse(V2025_08_20.label)) ? V2024_08_21 : V2025_08_20;
    }
}
