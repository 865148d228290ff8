package dev.smidgen.upload.tus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.SmidgenException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TusHeadersTests {
    @Test
    void countsAreWholeNonNegativeNumbers() {
        assertEquals(0, TusHeaders.parseCount("0", "Upload-Offset"));
        assertEquals(8_388_608, TusHeaders.parseCount(" 8388608 ", "Upload-Length"));
        assertEquals(999_999_999_999_999_999L, TusHeaders.parseCount("999999999999999999", "Upload-Length"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-1",
                "+5",
                "1.5",
                "1e3",
                "0x10",
                "007",
                "12 34",
                "9999999999999999999",
                "99999999999999999999999"
            })
    void refusesAnythingElse(String value) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> TusHeaders.parseCount(value, "Upload-Offset"));
        assertEquals("Upload-Offset", e.field());
    }

    @Test
    void aMissingCountIsRequired() {
        assertThrows(SmidgenException.class, () -> TusHeaders.parseCount(null, "Upload-Length"));
    }

    @Test
    void recognisesTheOffsetStreamTypeWithParameters() {
        assertTrue(TusHeaders.isOffsetStream("application/offset+octet-stream"));
        assertTrue(TusHeaders.isOffsetStream("Application/Offset+Octet-Stream; charset=binary"));
        assertFalse(TusHeaders.isOffsetStream("application/octet-stream"));
        assertFalse(TusHeaders.isOffsetStream(null));
    }

    @Test
    void datesAreImfFixdatesWithTwoDigitDays() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(Instant.parse("1994-11-06T08:49:37Z")));
        assertEquals("Wed, 01 Jan 2025 00:00:00 GMT", HttpDate.format(Instant.parse("2025-01-01T00:00:00.999Z")));
    }
}
