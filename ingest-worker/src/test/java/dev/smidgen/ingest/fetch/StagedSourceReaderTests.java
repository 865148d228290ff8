package dev.smidgen.ingest.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.AddressGuard;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a staged upload out of the bucket: the bytes, their hash and the failures a retry can or cannot fix. */
class StagedSourceReaderTests {
    private static final String KEY = "prj_x/.uploads/upl_abc123def456";
    private static final byte[] MEDIA = randomBytes(200_000);
    private static final long LIMIT = 1 << 20;

    @TempDir
    Path dir;

    private final FakeBlobs blobs = new FakeBlobs();
    /** URL downloads get a far smaller cap, which must not apply to uploads. */
    private final SourceReader reader = new SourceReader(new AddressGuard(false), blobs,
            new FetchLimits(1000, Duration.ofSeconds(1), Duration.ofSeconds(1), 0), LIMIT);

    @Test
    void copiesTheObjectHashingItOnTheWay() throws Exception {
        blobs.objects.put(KEY, () -> new ByteArrayInputStream(MEDIA));
        List<Long> reported = new ArrayList<>();
        Path target = dir.resolve("source");

        FetchResult result = new IngestSource.Staged("upl_abc123def456", KEY).copyTo(target, reader, (received, expected) -> {
            assertEquals(-1, expected);
            reported.add(received);
        });

        assertEquals(MEDIA.length, result.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(MEDIA)), result.sha256());
        assertNull(result.finalUrl());
        assertEquals(MEDIA.length, Files.size(target));
        assertEquals(MEDIA.length, reported.get(reported.size() - 1));
    }

    @Test
    void missingObjectIsAPermanentFailure() {
        SmidgenException e = assertThrows(SmidgenException.class, () -> read(dir.resolve("source")));
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertFalse(e.isTransient());
    }

    @Test
    void storageUnavailableOnOpenStaysTransient() {
        blobs.objects.put(KEY, () -> {
            throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "Object storage failed: 503", null);
        });
        SmidgenException e = assertThrows(SmidgenException.class, () -> read(dir.resolve("source")));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.isTransient());
    }

    @Test
    void readFailureMidwayIsTransientAndLeavesNoPartialFile() {
        blobs.objects.put(KEY, () -> new FailingAfter(MEDIA, 100_000));
        Path target = dir.resolve("source");
        SmidgenException e = assertThrows(SmidgenException.class, () -> read(target));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.isTransient());
        assertFalse(Files.exists(target));
    }

    @Test
    void objectOverTheLimitIsTooLargeAndLeavesNoPartialFile() {
        blobs.objects.put(KEY, () -> new ByteArrayInputStream(new byte[(int) LIMIT + 1]));
        Path target = dir.resolve("source");
        SmidgenException e = assertThrows(SmidgenException.class, () -> read(target));
        assertEquals(ErrorCode.FILE_TOO_LARGE, e.code());
        assertFalse(e.isTransient());
        assertFalse(Files.exists(target));
    }

    @Test
    void objectOfExactlyTheLimitIsAccepted() {
        blobs.objects.put(KEY, () -> new ByteArrayInputStream(new byte[(int) LIMIT]));
        assertEquals(LIMIT, read(dir.resolve("source")).size());
    }

    @Test
    void emptyObjectIsNotMedia() {
        blobs.objects.put(KEY, () -> new ByteArrayInputStream(new byte[0]));
        Path target = dir.resolve("source");
        SmidgenException e = assertThrows(SmidgenException.class, () -> read(target));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, e.code());
        assertFalse(Files.exists(target));
    }

    @Test
    void streamIsClosedAfterReading() {
        FailingAfter stream = new FailingAfter(MEDIA, Integer.MAX_VALUE);
        blobs.objects.put(KEY, () -> stream);
        read(dir.resolve("source"));
        assertTrue(stream.closed);
    }

    private FetchResult read(Path target) {
        return new IngestSource.Staged("upl_abc123def456", KEY).copyTo(target, reader, FetchProgress.NONE);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(5).nextBytes(bytes);
        return bytes;
    }

    /** Serves the bytes, then fails the way a dropped storage connection does. */
    private static final class FailingAfter extends InputStream {
        private final ByteArrayInputStream bytes;
        private final int failAt;
        private int served;
        boolean closed;

        FailingAfter(byte[] data, int failAt) {
            this.bytes = new ByteArrayInputStream(data);
            this.failAt = failAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (served >= failAt) {
                throw new IOException("Connection reset");
            }
            int n = bytes.read(b, off, Math.min(len, failAt - served));
            served += Math.max(n, 0);
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Only what reading a staged object touches; everything else would be a bug here. */
    private static final class FakeBlobs implements BlobStore {
        final Map<String, Supplier<InputStream>> objects = new HashMap<>();

        @Override
        public InputStream open(String key, Long first, Long last) {
            assertNull(first);
            assertNull(last);
            Supplier<InputStream> object = objects.get(key);
            if (object == null) {
                throw SmidgenException.notFound("Stored object");
            }
            return object.get();
        }

        @Override
        public void put(String key, Path file, String contentType) {
            throw new AssertionError("put");
        }

        @Override
        public void copy(String fromKey, String toKey) {
            throw new AssertionError("copy");
        }

        @Override
        public void delete(String key) {
            throw new AssertionError("delete");
        }

        @Override
        public boolean exists(String key) {
            throw new AssertionError("exists");
        }

        @Override
        public long size(String key) {
            throw new AssertionError("size");
        }

        @Override
        public java.util.stream.Stream<String> keys(String prefix) {
            throw new AssertionError("keys");
        }

        @Override
        public dev.smidgen.catalog.storage.StagedObject stage(String name) {
            throw new AssertionError("stage");
        }

        @Override
        public String readLocation(String key, java.time.Duration validFor) {
            throw new AssertionError("readLocation");
        }

        @Override
        public java.util.Optional<Path> localFile(String key) {
            throw new AssertionError("localFile");
        }

        @Override
        public boolean isLocal() {
            return false;
        }

        @Override
        public void prepare() {
            throw new AssertionError("prepare");
        }

        @Override
        public void check() {
            throw new AssertionError("check");
        }

        @Override
        public int sweepStaged(java.time.Duration idleFor) {
            throw new AssertionError("sweepStaged");
        }
    }
}
