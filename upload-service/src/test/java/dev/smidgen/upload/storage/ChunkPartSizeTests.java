package dev.smidgen.upload.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.uploads.PartSizing;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChunkPartSizeTests {
    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;

    @Test
    void aChunkOf5MiBOrMoreIsOnePart() {
        assertEquals(OptionalLong.of(8 * MIB), ChunkPartSize.of(512 * MIB, 8 * MIB));
        assertEquals(OptionalLong.of(5 * MIB), ChunkPartSize.of(512 * MIB, 5 * MIB));
        assertEquals(OptionalLong.of(100 * MIB), ChunkPartSize.of(GIB, 100 * MIB));
        assertEquals(
                OptionalLong.of(5 * MIB + 1), ChunkPartSize.of(GIB, 5 * MIB + 1), "S3 parts need not be whole MiB");
    }

    @Test
    void smallChunksMakeTheSmallestPartS3Takes() {
        assertEquals(OptionalLong.of(5 * MIB), ChunkPartSize.of(512 * MIB, 256 * 1024));
        assertEquals(OptionalLong.of(6 * MIB), ChunkPartSize.of(512 * MIB, 3 * MIB), "two chunks of 3 MiB");
        assertEquals(OptionalLong.of(5_243_000), ChunkPartSize.of(512 * MIB, 1000), "5 MiB rounded up to whole chunks");
    }

    @Test
    void partsStayWithin10000ForTheDeclaredLength() {
        long declared = 100 * GIB; // needs parts of at least 10.24 MiB
        long size = ChunkPartSize.of(declared, 8 * MIB).orElseThrow();
        assertEquals(16 * MIB, size, "two chunks of 8 MiB");
        assertTrue(PartSizing.partCount(declared, size) <= PartSizing.MAX_PARTS);
        long huge = PartSizing.MAX_OBJECT;
        long forHuge = ChunkPartSize.of(huge, 8 * MIB).orElseThrow();
        assertEquals(0, forHuge % (8 * MIB));
        assertTrue(PartSizing.partCount(huge, forHuge) <= PartSizing.MAX_PARTS);
    }

    @Test
    void aRequestThatIsTheWholeFileOrTooBigChoosesNothing() {
        assertEquals(OptionalLong.empty(), ChunkPartSize.of(512 * MIB, 512 * MIB));
        assertEquals(OptionalLong.empty(), ChunkPartSize.of(512 * MIB, 600 * MIB));
        assertEquals(OptionalLong.empty(), ChunkPartSize.of(512 * MIB, 0));
        assertEquals(OptionalLong.empty(), ChunkPartSize.of(100 * GIB, 6 * GIB), "no part is over 5 GiB");
        assertEquals(OptionalLong.of(3 * GIB), ChunkPartSize.of(PartSizing.MAX_OBJECT, 3 * GIB));
    }
}
