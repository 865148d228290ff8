package dev.smidgen.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoragePathsTests {
    @Test
    void acceptsNestedFoldersAndPlainFilenames() {
        assertEquals("user_1234/uploads", StoragePaths.folder("user_1234/uploads"));
        assertEquals("custom-filename.mp4", StoragePaths.filename("custom-filename.mp4"));
        assertEquals("README", StoragePaths.filename("README"));
        assertNull(StoragePaths.folder(""));
        assertNull(StoragePaths.filename(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "a/../b", "a//b", "/abs", "trail/", "a/./b", "sp ace", "a\u0000b", "é"})
    void rejectsBadFolders(String folder) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> StoragePaths.folder(folder));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("folder", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b.mp4", "two.dots.mp4", ".hidden", "name.", "tab\t.mp4", "new\nline.mp4", ""})
    void rejectsBadFilenames(String filename) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> StoragePaths.filename(filename));
        assertEquals("filename", e.field());
    }

    @Test
    void rejectsOverlongNames() {
        assertThrows(SmidgenException.class, () -> StoragePaths.filename("a".repeat(256)));
        assertThrows(SmidgenException.class, () -> StoragePaths.folder("a".repeat(1025)));
    }

    @Test
    void buildsKeysAndRelativePaths() {
        assertEquals("prj_x/a/b/c.mp4", StoragePaths.storageKey("prj_x", "a/b", "c.mp4"));
        assertEquals("prj_x/c.mp4", StoragePaths.storageKey("prj_x", null, "c.mp4"));
        assertEquals("a/b/c.mp4", StoragePaths.relativePath("a/b", "c.mp4"));
        assertEquals("c.mp4", StoragePaths.relativePath(null, "c.mp4"));
    }

    @Test
    void labelsAreShortLowercaseIdentifiers() {
        assertEquals("poster", StoragePaths.label("poster"));
        assertNull(StoragePaths.label(null));
        assertEquals(
                "label",
                assertThrows(SmidgenException.class, () -> StoragePaths.label("Poster"))
                        .field());
        assertThrows(SmidgenException.class, () -> StoragePaths.label("a".repeat(65)));
    }
}
