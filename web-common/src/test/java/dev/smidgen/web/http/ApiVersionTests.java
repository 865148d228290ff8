package dev.smidgen.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import org.junit.jupiter.api.Test;

class ApiVersionTests {
    @Test
    void absentMeansTheEnvelopeVersion() {
        assertEquals(ApiVersion.V2024_08_21, ApiVersion.resolve(null));
        assertEquals(ApiVersion.V2024_08_21, ApiVersion.resolve(" "));
    }

    @Test
    void datesSelectTheNewestVersionReleasedByThen() {
        assertEquals(ApiVersion.V2024_08_21, ApiVersion.resolve("2024-08-21"));
        assertEquals(ApiVersion.V2024_08_21, ApiVersion.resolve("2025-08-19"));
        assertEquals(ApiVersion.V2025_08_20, ApiVersion.resolve("2025-08-20"));
        assertEquals(ApiVersion.V2025_08_20, ApiVersion.resolve("2026-01-01"));
    }

    @Test
    void unreadableOrAncientValuesAreRefused() {
        assertEquals(
                ErrorCode.UNSUPPORTED_VERSION,
                assertThrows(SmidgenException.class, () -> ApiVersion.resolve("latest"))
                        .code());
        assertThrows(SmidgenException.class, () -> ApiVersion.resolve("2025-13-01"));
        assertThrows(SmidgenException.class, () -> ApiVersion.resolve("2019-01-01"));
    }
}
