package dev.smidgen.upload.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.upload.storage.ChunkStore.ClientPart;
import dev.smidgen.upload.storage.PartListCheck.Stored;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartListCheckTests {
    private static final long MIN = 256 * 1024;
    private static final List<Stored> STORED =
            List.of(new Stored(0, "aa", MIN), new Stored(1, "bb", MIN), new Stored(2, "cc", 10));

    @Test
    void aCompleteListInAnyOrderPasses() {
        assertTrue(PartListCheck.problems(
                        List.of(new ClientPart(2, "cc"), new ClientPart(0, "\"AA\""), new ClientPart(1, "bb")),
                        STORED,
                        MIN)
                .isEmpty());
    }

    @Test
    void namesMissingMismatchedAndUnlistedParts() {
        List<String> problems = PartListCheck.problems(
                List.of(new ClientPart(0, "aa"), new ClientPart(1, "zz"), new ClientPart(3, "dd")), STORED, MIN);
        assertEquals(
                List.of(
                        "part 1 has etag zz but the chunk received has bb",
                        "part 3 was never received",
                        "part 2 is missing from the list"),
                problems);
    }

    @Test
    void namesChunksReceivedButNotListed() {
        assertEquals(
                List.of("chunk 2 was received but is not listed"),
                PartListCheck.problems(List.of(new ClientPart(0, "aa"), new ClientPart(1, "bb")), STORED, MIN));
    }

    @Test
    void onlyTheLastPartMayBeSmall() {
        List<Stored> stored = List.of(new Stored(0, "aa", 10), new Stored(1, "bb", MIN));
        assertEquals(
                List.of("part 0 is 10 bytes; every part but the last needs at least 262144"),
                PartListCheck.problems(List.of(new ClientPart(0, "aa"), new ClientPart(1, "bb")), stored, MIN));
    }

    @Test
    void duplicatesAndEmptyListsAreRefused() {
        assertEquals(List.of("no parts were listed"), PartListCheck.problems(List.of(), STORED, MIN));
        assertTrue(PartListCheck.problems(
                        List.of(new ClientPart(0, "aa"), new ClientPart(0, "aa")), STORED.subList(0, 1), MIN)
                .contains("part 0 is listed twice"));
    }
}
