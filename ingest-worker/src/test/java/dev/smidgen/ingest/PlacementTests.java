package dev.smidgen.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.ingest.IngestWriter.Placement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which displaced objects must move out of the way when a path changes hands. */
class PlacementTests {
    private static final String PATH_KEY = "prj_x/clips/a.mp4";

    @Test
    void objectAtThePathKeyMoves() {
        FileEntity old = file("prj_x/clips/a.mp4");
        assertTrue(placement(PATH_KEY, old).movesObjectOf(old));
        assertTrue(placement("prj_x/.uploads/upl_new000000000", old).movesObjectOf(old));
    }

    @Test
    void objectsAwayFromThePathKeyStay() {
        FileEntity uploaded = file("prj_x/.uploads/upl_old000000000");
        FileEntity detached = file("prj_x/.detached/file_old.mp4");
        assertFalse(placement(PATH_KEY, uploaded).movesObjectOf(uploaded));
        assertFalse(placement("prj_x/.uploads/upl_new000000000", detached).movesObjectOf(detached));
    }

    private static Placement placement(String storageKey, FileEntity displaced) {
        return new Placement("clips", "a.mp4", PATH_KEY, storageKey, Optional.of(displaced));
    }

    private static FileEntity file(String storageKey) {
        FileEntity f = new FileEntity();
        f.id = "file_old";
        f.projectId = "prj_x";
        f.storageKey = storageKey;
        return f;
    }
}
