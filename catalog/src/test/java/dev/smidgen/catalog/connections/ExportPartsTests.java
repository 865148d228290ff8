package dev.smidgen.catalog.connections;

import static dev.smidgen.catalog.connections.ExportParts.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExportPartsTests {
    @Test
    void upTo64MiBIsOnePut() {
        assertFalse(ExportParts.multipart(64 * MIB));
        assertTrue(ExportParts.multipart(64 * MIB + 1));
    }

    @Test
    void smallObjectsUseTheMinimumPart() {
        assertEquals(16 * MIB, ExportParts.partSize(64 * MIB + 1));
        assertEquals(5, ExportParts.count(64 * MIB + 1));
        // 16 MiB parts carry up to 156.25 GiB in 10,000 parts.
        assertEquals(16 * MIB, ExportParts.partSize(16 * MIB * 10_000));
    }

    @Test
    void largeObjectsFitTenThousandParts() {
        long oneTiB = 1L << 40;
        long part = ExportParts.partSize(oneTiB);
        assertEquals(0, part % MIB);
        assertEquals(105 * MIB, part); // ceil(1 TiB / 10,000) = 104.86 MiB, rounded up to a MiB
        assertTrue(ExportParts.count(oneTiB) <= ExportParts.MAX_PARTS);
        long fiveTiB = 5L << 40;
        assertTrue(ExportParts.count(fiveTiB) <= ExportParts.MAX_PARTS);
        assertTrue(ExportParts.partSize(fiveTiB) <= ExportParts.MAX_PART);
    }

    @Test
    void refusesWhatS3CannotStore() {
        assertThrows(IllegalArgumentException.class, () -> ExportParts.partSize(ExportParts.MAX_PART * 10_001L));
    }
}
