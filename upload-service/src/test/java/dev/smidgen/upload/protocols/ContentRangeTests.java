package dev.smidgen.upload.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentRangeTests {
    @Test
    void readsARange() {
        ContentRange range = ContentRange.parse("bytes 0-1048575/5000000");
        assertEquals(0, range.first());
        assertEquals(1048575, range.last());
        assertEquals(5000000, range.total());
        assertEquals(1048576, range.length());
    }

    @Test
    void readsAStatusQuery() {
        ContentRange range = ContentRange.parse("bytes */5000000");
        assertTrue(range.isQuery());
        assertEquals(5000000, range.total());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "bytes",
                "bytes 0-9",
                "bytes 0-9/*",
                "bytes 9-0/10",
                "bytes 0-10/10",
                "items 0-1/2",
                "bytes -1-2/3",
                "bytes 0-1/99999999999999999999",
                "bytes 1-2/3, bytes 4-5/6"
            })
    void refusesAnythingElse(String header) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> ContentRange.parse(header));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("Content-Range", e.field());
    }

    @Test
    void refusesAMissingHeader() {
        assertThrows(SmidgenException.class, () -> ContentRange.parse(null));
    }
}
