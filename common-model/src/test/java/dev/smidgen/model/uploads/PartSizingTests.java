package dev.smidgen.model.uploads;

import static dev.smidgen.model.uploads.PartSizing.MAX_OBJECT;
import static dev.smidgen.model.uploads.PartSizing.MAX_PART;
import static dev.smidgen.model.uploads.PartSizing.MAX_PARTS;
import static dev.smidgen.model.uploads.PartSizing.MIB;
import static dev.smidgen.model.uploads.PartSizing.MIN_PART;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartSizingTests {
    private static final long PREFERRED = 8 * MIB;
    private static final long GIB = 1024 * MIB;
    private static final long TIB = 1024 * GIB;

    @Test
    void limitsAreS3s() {
        assertEquals(5L * 1024 * 1024, MIN_PART);
        assertEquals(5L * 1024 * 1024 * 1024, MAX_PART);
        assertEquals(10_000, MAX_PARTS);
        assertEquals(5L * 1024 * 1024 * 1024 * 1024, MAX_OBJECT);
    }

    @Test
    void anEmptyUploadIsOneEmptyPart() {
        assertEquals(PREFERRED, PartSizing.partSize(0, PREFERRED));
        assertEquals(1, PartSizing.partCount(0, PREFERRED));
        assertEquals(0, PartSizing.partLength(1, 0, PREFERRED));
    }

    @Test
    void smallUploadsAreOnePart() {
        assertEquals(PREFERRED, PartSizing.partSize(1, PREFERRED));
        assertEquals(1, PartSizing.partCount(1, PREFERRED));
        assertEquals(1, PartSizing.partLength(1, 1, PREFERRED));
    }

    @Test
    void exactlyThePreferredSizeIsOnePartAndOneMoreByteIsTwo() {
        assertEquals(PREFERRED, PartSizing.partSize(PREFERRED, PREFERRED));
        assertEquals(1, PartSizing.partCount(PREFERRED, PREFERRED));
        assertEquals(2, PartSizing.partCount(PREFERRED + 1, PREFERRED));
        assertEquals(PREFERRED, PartSizing.partLength(1, PREFERRED + 1, PREFERRED));
        assertEquals(1, PartSizing.partLength(2, PREFERRED + 1, PREFERRED));
    }

    @Test
    void oneGibInEightMibParts() {
        assertEquals(PREFERRED, PartSizing.partSize(GIB, PREFERRED));
        assertEquals(128, PartSizing.partCount(GIB, PREFERRED));
        assertEquals(127 * PREFERRED, PartSizing.partOffset(128, PREFERRED));
        assertEquals(PREFERRED, PartSizing.partLength(128, GIB, PREFERRED));
    }

    @Test
    void thePreferredSizeHoldsUpToTenThousandParts() {
        long most = PREFERRED * MAX_PARTS;
        assertEquals(PREFERRED, PartSizing.partSize(most, PREFERRED));
        assertEquals(MAX_PARTS, PartSizing.partCount(most, PREFERRED));
        // One byte more would need part 10,001: the part grows to the next whole MiB instead.
        assertEquals(PREFERRED + MIB, PartSizing.partSize(most + 1, PREFERRED));
        assertEquals(8_889, PartSizing.partCount(most + 1, PREFERRED + MIB));
    }

    @Test
    void fiveTibFitsS3() {
        long size = PartSizing.partSize(MAX_OBJECT, PREFERRED);
        assertEquals(525 * MIB, size); // ceil(5 TiB / 10,000) = 524.29 MiB, rounded up to whole MiB
        assertEquals(0, size % MIB);
        assertTrue(size <= MAX_PART);
        int count = PartSizing.partCount(MAX_OBJECT, size);
        assertEquals(9_987, count);
        assertTrue(count <= MAX_PARTS);
        assertEquals(MAX_OBJECT, PartSizing.partOffset(count, size) + PartSizing.partLength(count, MAX_OBJECT, size));
    }

    @Test
    void refusesLengthsS3CannotStore() {
        assertThrows(IllegalArgumentException.class, () -> PartSizing.partSize(MAX_OBJECT + 1, PREFERRED));
        assertThrows(IllegalArgumentException.class, () -> PartSizing.partSize(Long.MAX_VALUE, PREFERRED));
        assertThrows(IllegalArgumentException.class, () -> PartSizing.partSize(-1, PREFERRED));
        assertThrows(IllegalArgumentException.class, () -> PartSizing.partCount(-1, PREFERRED));
        assertThrows(IllegalArgumentException.class, () -> PartSizing.partCount(MAX_OBJECT + 1, MAX_PART));
    }

    @Test
    void clampsThePreferredSizeToS3sPartLimits() {
        assertEquals(MIN_PART, PartSizing.partSize(1000, 1));
        assertEquals(MIN_PART, PartSizing.partSize(1000, 0));
        assertEquals(MIN_PART, PartSizing.partSize(1000, -PREFERRED));
        assertEquals(MIN_PART, PartSizing.partSize(GIB, MIN_PART - 1));
        assertEquals(MAX_PART, PartSizing.partSize(GIB, 10 * GIB));
        assertEquals(MAX_PART, PartSizing.partSize(MAX_OBJECT, Long.MAX_VALUE));
        assertEquals(1, PartSizing.partCount(MAX_PART, PartSizing.partSize(MAX_PART, Long.MAX_VALUE)));
    }

    @Test
    void partsNumberFromOne() {
        assertEquals(0, PartSizing.partOffset(1, PREFERRED));
        assertEquals(2 * PREFERRED, PartSizing.partOffset(3, PREFERRED));
        assertEquals((MAX_PARTS - 1L) * MAX_PART, PartSizing.partOffset(MAX_PARTS, MAX_PART));
        assertThrows(IllegalArgumentException.class, () -> PartSizing.partOffset(0, PREFERRED));
        assertThrows(IllegalArgumentException.class, () -> PartSizing.partOffset(MAX_PARTS + 1, PREFERRED));
        assertThrows(IllegalArgumentException.class, () -> PartSizing.partOffset(1, 0));
        assertThrows(IllegalArgumentException.class, () -> PartSizing.partLength(3, PREFERRED + 1, PREFERRED));
    }

    @Test
    void refusesLayoutsS3WouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> PartSizing.partCount(GIB, 0));
        assertThrows(IllegalArgumentException.class, () -> PartSizing.partCount(GIB, MAX_PART + 1));
        assertThrows(IllegalArgumentException.class, () -> PartSizing.partCount(MAX_PARTS + 1, 1));
        assertEquals(MAX_PARTS, PartSizing.partCount(MAX_PARTS, 1));
    }

    @Test
    void everyLengthGetsALayoutS3Accepts() {
        Random random = new Random(42);
        List<Long> lengths = new ArrayList<>(List.of(
                0L,
                1L,
                MIN_PART - 1,
                MIN_PART,
                MIN_PART + 1,
                GIB,
                PREFERRED * MAX_PARTS - 1,
                PREFERRED * MAX_PARTS,
                PREFERRED * MAX_PARTS + 1,
                MAX_PART * MAX_PARTS / 1000,
                MAX_OBJECT - 1,
                MAX_OBJECT));
        for (int i = 0; i < 2_000; i++) {
            lengths.add(Math.floorMod(random.nextLong(), MAX_OBJECT + 1));
            lengths.add(Math.floorMod(random.nextLong(), 200 * GIB)); // where the preferred size matters
        }
        long[] preferences = {1, MIN_PART, PREFERRED, 64 * MIB + 3, GIB, MAX_PART, 2 * MAX_PART};
        for (long length : lengths) {
            for (long preferred : preferences) {
                long size = PartSizing.partSize(length, preferred);
                String what = length + " bytes, preferred " + preferred + " -> " + size;
                assertTrue(size >= MIN_PART && size <= MAX_PART, what);
                assertTrue(size >= Math.min(Math.max(preferred, MIN_PART), MAX_PART), what);
                int count = PartSizing.partCount(length, size);
                assertTrue(count >= 1 && count <= MAX_PARTS, what);
                long last = PartSizing.partLength(count, length, size);
                assertTrue(last >= (length == 0 ? 0 : 1) && last <= size, what);
                assertEquals(length, PartSizing.partOffset(count, size) + last, what);
            }
        }
    }
}
