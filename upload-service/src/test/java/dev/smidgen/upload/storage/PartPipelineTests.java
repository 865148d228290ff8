package dev.smidgen.upload.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartPipelineTests {
    private static final int PART = 64 * 1024;

    @TempDir
    Path dir;

    private Spool spool;
    private MemoryMultipartStore store;
    private final Map<Integer, Long> recorded = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() {
        spool = Spool.at(dir);
        store = new MemoryMultipartStore();
    }

    @Test
    void partsGoToTheStoreWhileTheRequestIsStillArriving() throws Exception {
        byte[] file = bytes(5 * PART + 100);
        // The body stops after part 2 until part 1 is stored: only a part sent while the request runs gets there.
        InputStream body = new Body(file, 2 * PART + 10, () -> store.parts.containsKey(1), null);
        try (PartPipeline pipeline = pipeline(0, null, (long) file.length)) {
            pipeline.write(body, file.length, (long) file.length);
            pipeline.sendLast();
        }
        assertArrayEquals(file, joined());
        assertEquals(6, store.streamed.get(), "every part, the short last one too, went while it arrived");
        assertEquals(0, store.fromFiles.get());
        assertEquals(
                Map.of(1, (long) PART, 2, (long) PART, 3, (long) PART, 4, (long) PART, 5, (long) PART, 6, 100L),
                new TreeMap<>(recorded));
        assertSpoolEmpty();
    }

    @Test
    void aRequestCutMidPartKeepsThatPartsBytesForTheNextOne() throws Exception {
        byte[] file = bytes(4 * PART);
        int cutAt = 2 * PART + PART / 2;
        Path tail;
        try (PartPipeline pipeline = pipeline(0, null, (long) file.length)) {
            assertThrows(
                    IOException.class,
                    () -> pipeline.write(
                            new Body(file, cutAt, null, new IOException("gone")), file.length, (long) file.length));
            assertEquals(cutAt, pipeline.bytesTaken());
            tail = pipeline.finishWithTail();
        }
        assertEquals(
                Map.of(1, (long) PART, 2, (long) PART), new TreeMap<>(recorded), "the broken-off part is not stored");
        assertArrayEquals(Arrays.copyOfRange(file, 2 * PART, cutAt), Files.readAllBytes(tail));

        // The next request continues from the tail.
        try (PartPipeline pipeline = pipeline(cutAt, tail, (long) file.length)) {
            pipeline.write(
                    new ByteArrayInputStream(file, cutAt, file.length - cutAt),
                    file.length - cutAt,
                    (long) file.length - cutAt);
            pipeline.sendLast();
        }
        assertArrayEquals(file, joined());
        assertSpoolEmpty();
    }

    @Test
    void aBodyShorterThanExpectedSendsItsLastPartFromTheFile() throws Exception {
        byte[] file = bytes(2 * PART + 500);
        try (PartPipeline pipeline = pipeline(0, null, null)) {
            pipeline.write(new ByteArrayInputStream(file), 10 * PART, 10L * PART); // a guess: the body ends sooner
            pipeline.sendLast();
        }
        assertArrayEquals(file, joined());
        assertEquals(2, store.streamed.get());
        assertEquals(1, store.fromFiles.get(), "the part that did not fill");
        assertEquals(500L, recorded.get(3));
        assertSpoolEmpty();
    }

    @Test
    void aStreamedPartTheStoreRefusesIsSentAgainFromTheFile() throws Exception {
        store.refuseStreams.set(1);
        byte[] file = bytes(2 * PART);
        try (PartPipeline pipeline = pipeline(0, null, (long) file.length)) {
            pipeline.write(new ByteArrayInputStream(file), file.length, (long) file.length);
            pipeline.sendLast();
        }
        assertArrayEquals(file, joined());
        assertEquals(1, store.fromFiles.get());
        assertSpoolEmpty();
    }

    @Test
    void withoutAnExpectedLengthPartsAreSentOnceFull() throws Exception {
        byte[] file = bytes(3 * PART + 1);
        Path tail;
        try (PartPipeline pipeline = pipeline(0, null, null)) {
            pipeline.write(new ByteArrayInputStream(file), file.length, null);
            tail = pipeline.finishWithTail();
        }
        assertEquals(0, store.streamed.get());
        assertEquals(3, store.fromFiles.get());
        assertArrayEquals(new byte[] {file[3 * PART]}, Files.readAllBytes(tail));
        Files.delete(tail);
        assertSpoolEmpty();
    }

    @Test
    void tooManyBytesFailAndLeaveNoSpoolFile() throws Exception {
        byte[] file = bytes(2 * PART + 10);
        try (PartPipeline pipeline = pipeline(0, null, null)) {
            SmidgenException e = assertThrows(
                    SmidgenException.class,
                    () -> pipeline.write(new ByteArrayInputStream(file), file.length - 1, (long) file.length - 1));
            assertEquals(ErrorCode.FILE_TOO_LARGE, e.code());
        }
        assertSpoolEmpty();
    }

    private PartPipeline pipeline(long offset, Path tail, Long fileEnd) {
        return new PartPipeline(
                store,
                spool,
                "upl_test",
                "prj/.uploads/upl_test",
                "upload-1",
                PART,
                2,
                offset,
                tail,
                fileEnd,
                (number, size, etag) -> recorded.put(number, size));
    }

    private byte[] joined() {
        List<byte[]> inOrder = new TreeMap<>(store.parts).values().stream().toList();
        int length = inOrder.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : inOrder) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private void assertSpoolEmpty() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "spool files left behind");
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** A request body in small reads that may wait for a condition at one point, and may break off at its end. */
    private static final class Body extends InputStream {
        private final byte[] data;
        private final int end;
        private final int waitAt;
        private final BooleanSupplier until;
        private final IOException failure;
        private int pos;

        Body(byte[] data, int at, BooleanSupplier until, IOException failure) {
            this.data = data;
            this.end = failure != null ? at : data.length;
            this.waitAt = until != null ? at : -1;
            this.until = until;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos == waitAt) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!until.getAsBoolean()) {
                    assertTrue(System.nanoTime() < deadline, "the store never got the bytes already sent");
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            }
            if (pos == end) {
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
            int limit = waitAt > pos ? waitAt : end;
            int n = Math.min(Math.min(len, 5000), limit - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
