package dev.smidgen.catalog.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The storage contract on the filesystem store, in a directory of each test's own. */
class FileSystemStoreContractTests extends BlobStoreContract {
    private Path root;

    @Override
    protected Stores create(Path scratch) {
        // Two levels below the scratch directory, so that a key escaping by one or two ".." would land in it.
        root = scratch.resolve("up/one/root");
        FileSystemStore fs = new FileSystemStore(root);
        fs.prepare();
        return new Stores(fs, new FileSystemMultipartStore(fs));
    }

    @Override
    protected Set<String> allKeys() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p)
                            .toString()
                            .replace(p.getFileSystem().getSeparator(), "/"))
                    .filter(key -> !key.startsWith(FileSystemStore.STAGING_DIR + "/"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Override
    protected void assertNothingOutsideTheStore() throws IOException {
        Path input = scratch.resolve("input");
        eachFile(
                scratch,
                file -> assertTrue(
                        file.startsWith(root) || file.startsWith(input), "written outside the store: " + file));
    }

    @Test
    void aPartialFileLeftByACrashIsNeverAnObject() throws IOException {
        // What a crash in the middle of put() or copy() leaves: a temp file in .partial, never renamed.
        Path leftover = root.resolve(FileSystemStore.STAGING_DIR).resolve("put-1b2c3d");
        Files.write(leftover, bytes(100));
        store.put("prj/real", file(bytes(3)), "text/plain");

        assertEquals(Set.of("prj/real"), allKeysThroughTheStore());
        assertFalse(store.exists("prj/put-1b2c3d"));
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(Duration.ofDays(9))));
        assertEquals(1, store.sweepStaged(Duration.ofDays(8)));
        assertFalse(Files.exists(leftover));
    }

    @Test
    void aFileAndAFolderCannotShareAName() throws IOException {
        store.put("prj/a", file(bytes(3)), "text/plain");
        assertCode(ErrorCode.CONFLICT, () -> store.put("prj/a/b", file(bytes(3)), "text/plain"));
        assertTrue(store.exists("prj/a"));
        assertFalse(store.exists("prj/a/b"));
    }

    @Test
    void aPartOfAnUnknownUploadIsNotFound() throws IOException {
        Path part = file(bytes(1));
        assertCode(
                ErrorCode.NOT_FOUND,
                () -> multipart.uploadPart("prj/u", "0b1e5c55-0000-4000-8000-000000000000", 1, part));
        String id = multipart.create("prj/u", "video/mp4");
        multipart.abort("prj/u", id);
        assertCode(ErrorCode.NOT_FOUND, () -> multipart.uploadPart("prj/u", id, 1, part));
    }

    @Test
    void deletingTheLastObjectOfAFolderRemovesTheFolder() throws IOException {
        store.put("prj/x/y/z", file(bytes(3)), "text/plain");
        store.delete("prj/x/y/z");
        assertFalse(Files.exists(root.resolve("prj")));
    }

    /** Keys of every project the store has, found through its own listing. */
    private Set<String> allKeysThroughTheStore() throws IOException {
        try (Stream<Path> projects = Files.list(root)) {
            return projects.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .flatMap(project -> keys(project).stream())
                    .collect(Collectors.toSet());
        }
    }
}
