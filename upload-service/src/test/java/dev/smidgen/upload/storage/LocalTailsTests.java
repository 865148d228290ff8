package dev.smidgen.upload.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTailsTests {
    @TempDir
    Path dir;

    private Spool spool;
    private LocalTails tails;

    @BeforeEach
    void setUp() {
        spool = Spool.at(dir);
        tails = new LocalTails();
        tails.spool = spool;
    }

    @Test
    void theTailOfTheSameUploadAndOffsetIsTakenOnce() throws IOException {
        Path file = tail("upl_1", 100);
        tails.keep("upl_1", "upload-a", 1100, file);
        assertEquals(file, tails.take("upl_1", "upload-a", 1100, 100));
        assertNull(tails.take("upl_1", "upload-a", 1100, 100), "now the caller's");
        Files.delete(file);
        assertSpool();
    }

    @Test
    void aTailOfAnotherUploadOffsetOrSizeIsDropped() throws IOException {
        tails.keep("upl_1", "upload-a", 1100, tail("upl_1", 100));
        assertNull(tails.take("upl_1", "upload-b", 1100, 100), "the session started over: a new multipart upload");
        tails.keep("upl_1", "upload-a", 1100, tail("upl_1", 100));
        assertNull(tails.take("upl_1", "upload-a", 2100, 100), "another replica moved the upload on");
        tails.keep("upl_1", "upload-a", 1100, tail("upl_1", 100));
        assertNull(tails.take("upl_1", "upload-a", 1100, 99));
        assertSpool();
    }

    @Test
    void aNewTailReplacesTheSessionsOldOneAndForgettingDropsIt() throws IOException {
        Path old = tail("upl_1", 10);
        tails.keep("upl_1", "upload-a", 10, old);
        tails.keep("upl_1", "upload-a", 20, tail("upl_1", 20));
        assertFalse(Files.exists(old));
        tails.forget("upl_1");
        assertNull(tails.take("upl_1", "upload-a", 20, 20));
        assertSpool();
    }

    @Test
    void theOldestGoFirstBeyondTheLimits() throws IOException {
        for (int i = 0; i <= LocalTails.MAX_FILES; i++) {
            tails.keep("upl_" + i, "upload-a", 10, tail("upl_" + i, 10));
        }
        assertNull(tails.take("upl_0", "upload-a", 10, 10), "the least recently kept");
        Path kept = tails.take("upl_1", "upload-a", 10, 10);
        assertEquals(10, Files.size(kept));
        Files.delete(kept);
        tails.dropAll();
        assertSpool();
    }

    private Path tail(String session, int size) throws IOException {
        return Files.write(spool.newFile(session), new byte[size]);
    }

    private void assertSpool() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "spool files left behind");
        }
    }
}
