package dev.smidgen.ingest.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.FileSystemStore;
import dev.smidgen.catalog.storage.StagedObject;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.AddressGuard;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A staged upload is measured and hashed where it is, on a real filesystem store: no copy, the same
 * failures as before, and the failures a retry can or cannot fix.
 */
class StagedSourceReaderTests {
    private static final String UPLOAD = "upl_abc123def456";
    private static final String KEY = "prj_x/.uploads/" + UPLOAD;
    private static final byte[] MEDIA = randomBytes(200_000);
    private static final long LIMIT = 1 << 20;

    @TempDir
    Path root;

    private FileSystemStore store;
    private FlakyStore blobs;
    private SourceReader reader;

    @org.junit.jupiter.api.BeforeEach
    void setUp() {
        store = new FileSystemStore(root);
        store.prepare();
        blobs = new FlakyStore(store);
        // URL downloads get a far smaller cap, which must not apply to uploads.
        reader = new SourceReader(
                new AddressGuard(false),
                blobs,
                new FetchLimits(1000, Duration.ofSeconds(1), Duration.ofSeconds(1), 0),
                LIMIT);
    }

    @Test
    void hashesTheObjectWhereItIsWritingNothing() throws Exception {
        stage(MEDIA);
        List<Path> before = files();
        List<long[]> reported = new ArrayList<>();

        FetchResult result = IngestSource.of("prj_x", IngestSourceTests.input(Map.of("upload", UPLOAD)))
                .fetch(reader, null, (received, expected) -> reported.add(new long[] {received, expected}));

        assertEquals(MEDIA.length, result.size());
        assertEquals(sha256(MEDIA), result.sha256());
        assertNull(result.finalUrl());
        assertEquals(before, files(), "no file was written");
        long[] last = reported.get(reported.size() - 1);
        assertEquals(MEDIA.length, last[0]);
        assertEquals(MEDIA.length, last[1], "progress is against the stored size");
        assertTrue(blobs.lastOpened.closed, "the stream is closed after reading");
    }

    @Test
    void aChecksumTheUploadServiceComputedIsTakenWithoutReadingTheObject() {
        stage(MEDIA);
        String computedOnTheWayIn = sha256(MEDIA);
        FetchResult result = IngestSource.of(
                        "prj_x", IngestSourceTests.input(Map.of("upload", UPLOAD, "sha256", computedOnTheWayIn)))
                .fetch(reader, null, FetchProgress.NONE);
        assertEquals(MEDIA.length, result.size());
        assertEquals(computedOnTheWayIn, result.sha256());
        assertNull(blobs.lastOpened, "the object was not read");
    }

    @Test
    void aChecksumThatIsNoSha256IsNotTrusted() {
        stage(MEDIA);
        FetchResult result = IngestSource.of(
                        "prj_x", IngestSourceTests.input(Map.of("upload", UPLOAD, "sha256", "not-a-checksum")))
                .fetch(reader, null, FetchProgress.NONE);
        assertEquals(sha256(MEDIA), result.sha256());
    }

    @Test
    void missingObjectIsAPermanentFailure() {
        SmidgenException e = assertThrows(SmidgenException.class, this::read);
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertFalse(e.isTransient());
    }

    @Test
    void storageUnavailableStaysTransient() {
        stage(MEDIA);
        blobs.down = true;
        SmidgenException e = assertThrows(SmidgenException.class, this::read);
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.isTransient());
    }

    @Test
    void readFailureMidwayIsTransient() {
        stage(MEDIA);
        blobs.failReadsAfter = 100_000;
        SmidgenException e = assertThrows(SmidgenException.class, this::read);
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.isTransient());
        assertTrue(blobs.lastOpened.closed);
    }

    @Test
    void objectOverTheLimitIsTooLargeBeforeAnyByteIsRead() {
        stage(new byte[(int) LIMIT + 1]);
        SmidgenException e = assertThrows(SmidgenException.class, this::read);
        assertEquals(ErrorCode.FILE_TOO_LARGE, e.code());
        assertFalse(e.isTransient());
        assertNull(blobs.lastOpened);
    }

    @Test
    void objectOfExactlyTheLimitIsAccepted() {
        stage(new byte[(int) LIMIT]);
        assertEquals(LIMIT, read().size());
    }

    @Test
    void emptyObjectIsNotMedia() {
        stage(new byte[0]);
        SmidgenException e = assertThrows(SmidgenException.class, this::read);
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, e.code());
        assertFalse(e.isTransient());
    }

    private FetchResult read() {
        return new IngestSource.Staged(UPLOAD, KEY, null).fetch(reader, null, FetchProgress.NONE);
    }

    private void stage(byte[] bytes) {
        StagedObject staged = store.stage("upload-" + UPLOAD);
        try {
            Files.write(staged.file(), bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        staged.publish(KEY, "application/octet-stream");
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(5).nextBytes(bytes);
        return bytes;
    }

    /** The filesystem store, with a storage outage and a connection that breaks mid-read at the test's command. */
    private static final class FlakyStore implements BlobStore {
        private final BlobStore store;
        volatile boolean down;
        volatile long failReadsAfter = Long.MAX_VALUE;
        volatile Tracked lastOpened;

        FlakyStore(BlobStore store) {
            this.store = store;
        }

        @Override
        public long size(String key) {
            requireUp();
            return store.size(key);
        }

        @Override
        public InputStream open(String key, Long first, Long last) {
            requireUp();
            lastOpened = new Tracked(store.open(key, first, last), failReadsAfter);
            return lastOpened;
        }

        private void requireUp() {
            if (down) {
                throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "Object storage failed: 503", null);
            }
        }

        @Override
        public void put(String key, Path file, String contentType) {
            store.put(key, file, contentType);
        }

        @Override
        public void copy(String fromKey, String toKey) {
            store.copy(fromKey, toKey);
        }

        @Override
        public void delete(String key) {
            store.delete(key);
        }

        @Override
        public boolean exists(String key) {
            return store.exists(key);
        }

        @Override
        public Stream<String> keys(String prefix) {
            return store.keys(prefix);
        }

        @Override
        public StagedObject stage(String name) {
            return store.stage(name);
        }

        @Override
        public String readLocation(String key, Duration validFor) {
            return store.readLocation(key, validFor);
        }

        @Override
        public Optional<Path> localFile(String key) {
            return store.localFile(key);
        }

        @Override
        public boolean isLocal() {
            return store.isLocal();
        }

        @Override
        public void prepare() {
            store.prepare();
        }

        @Override
        public void check() {
            store.check();
        }

        @Override
        public int sweepStaged(Duration idleFor) {
            return store.sweepStaged(idleFor);
        }
    }

    /** Remembers being closed; fails the way a dropped connection does once {@code failAfter} bytes were served. */
    private static final class Tracked extends FilterInputStream {
        private final long failAfter;
        private long served;
        volatile boolean closed;

        Tracked(InputStream in, long failAfter) {
            super(in);
            this.failAfter = failAfter;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (served >= failAfter) {
                throw new IOException("Connection reset");
            }
            int n = super.read(b, off, (int) Math.min(len, failAfter - served));
            served += Math.max(n, 0);
            return n;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
