package dev.smidgen.api.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTests {
    @Test
    void readsTheThreeForms() {
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(Optional.of(new ByteRange(900, 999)), ByteRange.parse("bytes=900-", 1000));
        assertEquals(Optional.of(new ByteRange(950, 999)), ByteRange.parse("bytes=-50", 1000));
        assertEquals("bytes 0-99/1000", new ByteRange(0, 99).contentRange(1000));
    }

    @Test
    void clampsTheEndAndTheSuffix() {
        assertEquals(Optional.of(new ByteRange(10, 999)), ByteRange.parse("bytes=10-5000", 1000));
        assertEquals(Optional.of(new ByteRange(0, 999)), ByteRange.parse("bytes=-5000", 1000));
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertTrue(ByteRange.parse(null, 10).isEmpty());
        assertTrue(ByteRange.parse("bytes=0-1,5-6", 10).isEmpty());
        assertTrue(ByteRange.parse("items=0-1", 10).isEmpty());
        assertTrue(ByteRange.parse("bytes=5-2", 10).isEmpty());
        assertTrue(ByteRange.parse("bytes=-", 10).isEmpty());
    }

    @Test
    void rangesOutsideTheObjectAreUnsatisfiable() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
    }
}
