package dev.smidgen.upload.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.catalog.storage.FileSystemStore;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeObjectAppenderTests {
    private static final String KEY = "prj/.uploads/upl_test";

    @TempDir
    Path dir;

    private Path spoolDir;
    private Spool spool;
    private MemoryMultipartStore multipart;
    private FileSystemStore blobs;

    @BeforeEach
    void setUp() throws IOException {
        spoolDir = Files.createDirectories(dir.resolve("spool"));
        spool = Spool.at(spoolDir);
        multipart = new MemoryMultipartStore();
        blobs = new FileSystemStore(dir.resolve("store"));
        blobs.prepare();
    }

    @Test
    void aFileOfTheAnnouncedSizeIsStoredAsItArrives() throws Exception {
        byte[] file = bytes(1_000_000);
        try (WholeObjectAppender appender = appender(file.length)) {
            appender.write(new ByteArrayInputStream(file), Long.MAX_VALUE);
            appender.finishFile();
        }
        assertArrayEquals(file, multipart.objects.get(KEY));
        assertEquals(1, multipart.streamed.get());
        assertFalse(blobs.exists(KEY), "nothing stored a second time");
        assertSpoolEmpty();
    }

    @Test
    void aFileShorterThanGuessedIsStoredFromTheSpoolFile() throws Exception {
        byte[] file = bytes(300_000);
        try (WholeObjectAppender appender = appender(file.length + 200)) { // a form with a field after the file
            appender.write(new ByteArrayInputStream(file), Long.MAX_VALUE);
            appender.finishFile();
        }
        assertFalse(multipart.objects.containsKey(KEY), "the PutObject of the guessed size never completes");
        assertArrayEquals(file, Files.readAllBytes(blobs.localFile(KEY).orElseThrow()));
        assertSpoolEmpty();
    }

    @Test
    void aFileLongerThanAnnouncedIsStoredFromTheSpoolFile() throws Exception {
        byte[] file = bytes(300_000);
        try (WholeObjectAppender appender = appender(file.length - 1)) {
            appender.write(new ByteArrayInputStream(file), Long.MAX_VALUE);
            appender.finishFile();
        }
        assertFalse(multipart.objects.containsKey(KEY));
        assertArrayEquals(file, Files.readAllBytes(blobs.localFile(KEY).orElseThrow()));
        assertSpoolEmpty();
    }

    @Test
    void aFileTheStoreRefusedWhileItArrivedIsStoredFromTheSpoolFile() throws Exception {
        multipart.refuseStreams.set(1);
        byte[] file = bytes(300_000);
        try (WholeObjectAppender appender = appender(file.length)) {
            appender.write(new ByteArrayInputStream(file), Long.MAX_VALUE);
            assertEquals(file.length, appender.bytesTaken());
            appender.finishFile();
        }
        assertArrayEquals(file, Files.readAllBytes(blobs.localFile(KEY).orElseThrow()));
        assertSpoolEmpty();
    }

    @Test
    void tooManyBytesFailWithFileTooLarge() {
        byte[] file = bytes(300_000);
        try (WholeObjectAppender appender = appender(file.length + 10)) {
            SmidgenException e = assertThrows(
                    SmidgenException.class, () -> appender.write(new ByteArrayInputStream(file), file.length - 1));
            assertEquals(ErrorCode.FILE_TOO_LARGE, e.code());
        }
        assertFalse(multipart.objects.containsKey(KEY));
    }

    @Test
    void aCutRequestKeepsNothing() throws Exception {
        byte[] file = bytes(300_000);
        InputStream cut = new SequenceInputStream(new ByteArrayInputStream(file, 0, 1000), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("gone");
            }
        });
        try (WholeObjectAppender appender = appender(file.length)) {
            assertThrows(IOException.class, () -> appender.write(cut, Long.MAX_VALUE));
            assertEquals(1000, appender.bytesTaken());
            assertEquals(0, appender.keepForNextRequest());
        }
        assertFalse(multipart.objects.containsKey(KEY));
        assertFalse(blobs.exists(KEY));
        assertSpoolEmpty();
    }

    @Test
    void aRequestThatFailsKeepsNothing() throws Exception {
        byte[] file = bytes(300_000);
        try (WholeObjectAppender appender = appender(file.length)) {
            appender.write(new ByteArrayInputStream(file, 0, 5000), Long.MAX_VALUE);
            // closed without finishing: a check refused the file
        }
        assertFalse(multipart.objects.containsKey(KEY));
        assertSpoolEmpty();
    }

    private WholeObjectAppender appender(long expected) {
        return new WholeObjectAppender(multipart, blobs, spool, "upl_test", KEY, expected, "audio/wav");
    }

    private void assertSpoolEmpty() throws IOException {
        try (Stream<Path> files = Files.list(spoolDir)) {
            assertEquals(List.of(), files.toList(), "spool files left behind");
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
