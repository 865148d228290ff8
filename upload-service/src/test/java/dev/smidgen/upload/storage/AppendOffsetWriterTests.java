package dev.smidgen.upload.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.storage.FileSystemStore;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store's offset uploads: one staged file, cut back to the offset, appended to, renamed into place. */
class AppendOffsetWriterTests {
    private static final int MIB = 1024 * 1024;
    /** The filesystem store appends whatever a request says of its body. */
    private static final OffsetStorage.Body BODY = new OffsetStorage.Body(null, false, false, null);

    @TempDir
    Path root;

    private FileSystemStore store;
    private AppendOffsetWriter writer;
    private UploadSessionEntity session;

    @BeforeEach
    void setUp() {
        store = new FileSystemStore(root);
        store.prepare();
        writer = new AppendOffsetWriter();
        writer.blobs = store;
        session = new UploadSessionEntity();
        session.id = "upl_test1";
        session.storageKey = UploadSessionEntity.storageKeyOf("prj_1", session.id);
    }

    @Test
    void requestsAppendToOneStagedFileThatTheLastRenamesIntoPlace() throws IOException {
        byte[] file = bytes(3 * MIB + 7);
        session.declaredLength = (long) file.length;
        assertEquals(new OffsetStorage.Layout(null, null), writer.begin(session, session.declaredLength, "video/mp4"));

        appendAndKeep(Arrays.copyOfRange(file, 0, MIB + 3));
        appendAndKeep(Arrays.copyOfRange(file, MIB + 3, 2 * MIB));
        try (OffsetStorage.Appender appender = writer.open(session, null, BODY)) {
            appender.write(
                    new ByteArrayInputStream(file, 2 * MIB, file.length - 2 * MIB), file.length - session.received);
            appender.finishFile();
            session.received += appender.bytesTaken();
        }
        assertArrayEquals(file, Files.readAllBytes(staged()), "the staged file holds every byte, in order");
        assertFalse(store.exists(session.storageKey), "nothing is visible under the key before the last byte");

        writer.assemble(session);
        assertArrayEquals(file, Files.readAllBytes(root.resolve(session.storageKey)));
        assertFalse(Files.exists(staged()), "publishing renamed the staged file; no copy is left");
        try (var files = Files.list(root.resolve(".partial"))) {
            assertEquals(0, files.count(), "no parts, tail or temp files either");
        }
    }

    @Test
    void flushesStartEveryQuarterOfTheExpectedBodyAndAtMostEvery32MiB() {
        assertEquals(AppendOffsetWriter.MAX_FLUSH_STEP, AppendOffsetWriter.flushStep(null), "length not known");
        assertEquals(2 * MIB, AppendOffsetWriter.flushStep(8L * MIB), "a tus chunk of 8 MiB");
        assertEquals(AppendOffsetWriter.BUFFER, AppendOffsetWriter.flushStep(100L), "never below one write");
        assertEquals(AppendOffsetWriter.MAX_FLUSH_STEP, AppendOffsetWriter.flushStep(4L << 30), "a big form post");
    }

    @Test
    void aBodyIsFlushedWhileItArrivesAndStoredWhole() throws IOException {
        byte[] file = bytes(9 * MIB + 5);
        session.declaredLength = (long) file.length;
        OffsetStorage.Body body = new OffsetStorage.Body((long) file.length, true, false, null);
        try (OffsetStorage.Appender appender = writer.open(session, null, body)) {
            appender.write(new ByteArrayInputStream(file), file.length);
            assertTrue(
                    ((AppendOffsetWriter.FileAppender) appender).earlyFlushes() >= 1,
                    "the disk gets bytes before the body ends");
            assertEquals(file.length, appender.keepForNextRequest());
        }
        assertArrayEquals(file, Files.readAllBytes(staged()));
    }

    @Test
    void aResumeCutsTheFileBackToTheAcknowledgedOffset() throws IOException {
        appendAndKeep("0123456789".getBytes());
        // Bytes written after the offset was last recorded (a checksum that failed, a crash before the update).
        Files.write(staged(), "never acknowledged".getBytes(), java.nio.file.StandardOpenOption.APPEND);
        assertEquals(28, writer.stored(session), "stored counts what the file holds");

        appendAndKeep("abc".getBytes());
        assertEquals("0123456789abc", Files.readString(staged()));
        assertEquals(13, writer.stored(session));
    }

    @Test
    void aClientCutOffMidBodyKeepsEveryByteThatArrived() throws IOException {
        byte[] arrived = bytes(MIB + 100); // more than one buffer, and a part of one
        try (OffsetStorage.Appender appender = writer.open(session, null, BODY)) {
            IOException cut = assertThrows(IOException.class, () -> appender.write(cutAfter(arrived), Long.MAX_VALUE));
            assertEquals("connection reset", cut.getMessage());
            assertEquals(arrived.length, appender.bytesTaken());
            appender.keepForNextRequest();
        }
        assertArrayEquals(arrived, Files.readAllBytes(staged()));
    }

    @Test
    void bytesPastTheLimitAreRefusedAndNotCounted() throws IOException {
        byte[] body = bytes(MIB + 11);
        try (OffsetStorage.Appender appender = writer.open(session, null, BODY)) {
            SmidgenException e =
                    assertThrows(SmidgenException.class, () -> appender.write(new TrickleStream(body, 4096), MIB + 10));
            assertEquals(ErrorCode.FILE_TOO_LARGE, e.code());
            assertTrue(appender.bytesTaken() <= MIB + 10, "never more than the limit counts");
        }
        try (OffsetStorage.Appender appender = writer.open(session, null, BODY)) {
            appender.write(new TrickleStream(body, 4096), body.length);
            assertEquals(body.length, appender.bytesTaken(), "exactly the limit is fine");
            appender.finishFile();
        }
        assertArrayEquals(body, Files.readAllBytes(staged()));
    }

    @Test
    void theLimitCountsFromTheOffset() throws IOException {
        appendAndKeep(bytes(100));
        try (OffsetStorage.Appender appender = writer.open(session, null, BODY)) {
            SmidgenException e = assertThrows(
                    SmidgenException.class, () -> appender.write(new ByteArrayInputStream(new byte[51]), 50));
            assertEquals(ErrorCode.FILE_TOO_LARGE, e.code());
        }
    }

    @Test
    void assemblyRefusesAFileThatDoesNotHoldTheOffset() throws IOException {
        appendAndKeep(bytes(10));
        session.received = 12;
        SmidgenException e = assertThrows(SmidgenException.class, () -> writer.assemble(session));
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertFalse(store.exists(session.storageKey));
    }

    @Test
    void aLostStagedFileIsReportedAsFewerStoredBytes() throws IOException {
        appendAndKeep(bytes(100));
        Files.delete(staged());
        assertEquals(0, writer.stored(session));
        assertThrows(IllegalStateException.class, () -> writer.open(session, null, BODY), "never appends after a hole");
    }

    @Test
    void aRetryAfterThePublishFindsTheObjectAndKeepsIt() throws IOException {
        byte[] file = bytes(500);
        session.declaredLength = 500L;
        appendAndKeep(file);
        writer.assemble(session);
        // The service stopped before the session moved on; the client sends its (empty) last request again.
        assertEquals(500, writer.stored(session));
        try (OffsetStorage.Appender appender = writer.open(session, null, BODY)) {
            appender.write(InputStream.nullInputStream(), 0);
            appender.finishFile();
        }
        writer.assemble(session);
        assertArrayEquals(file, Files.readAllBytes(root.resolve(session.storageKey)));
        assertFalse(Files.exists(staged()));
    }

    @Test
    void discardRemovesTheStagedFile() throws IOException {
        appendAndKeep(bytes(100));
        writer.discard(session);
        assertFalse(Files.exists(staged()));
        writer.discard(session); // nothing there is fine
    }

    private void appendAndKeep(byte[] body) throws IOException {
        try (OffsetStorage.Appender appender = writer.open(session, null, BODY)) {
            appender.write(new ByteArrayInputStream(body), Long.MAX_VALUE);
            appender.keepForNextRequest();
            session.received += appender.bytesTaken();
        }
    }

    private Path staged() {
        return root.resolve(".partial").resolve(session.stageName());
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** The bytes, then the connection reset a client that goes away causes. */
    private static InputStream cutAfter(byte[] bytes) {
        return new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(bytes);

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, Math.min(len, 64 * 1024));
                if (n < 0) {
                    throw new IOException("connection reset");
                }
                return n;
            }
        };
    }

    /** Hands out at most {@code step} bytes a read, as a network stream does. */
    private static final class TrickleStream extends InputStream {
        private final ByteArrayInputStream in;
        private final int step;

        TrickleStream(byte[] bytes, int step) {
            this.in = new ByteArrayInputStream(bytes);
            this.step = step;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, step));
        }
    }
}
