package dev.smidgen.ingest;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.storage.StagedObject;
import dev.smidgen.catalog.tasks.IngestInput;
import dev.smidgen.catalog.tasks.TaskEntity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 store uploads a URL download while it arrives only if {@link EarlyPlacement} names the key
 * and type early (docs/architecture.md#where-bytes-are-written); when that silently stops, the whole
 * upload runs after the download. These tests run the real head probe (the bundled ffprobe) on the
 * first bytes of a big WAV, as a download of one leaves them on disk.
 */
class EarlyPlacementTests {
    /** A 512 MiB WAV as its header declares it; only its first bytes are on disk, as mid-download. */
    private static final long DECLARED_SIZE = 512L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aWavWhoseHeadProbesIsExpectedUnderItsKeyAndType() throws Exception {
        Path file = wavHead(dir.resolve("download"), EarlyPlacement.HEAD_BYTES);
        RecordingStagedObject download = new RecordingStagedObject(file);
        TaskEntity task = task();

        EarlyPlacement placement = new EarlyPlacement(download, task);
        placement.received(EarlyPlacement.HEAD_BYTES, DECLARED_SIZE);
        placement.received(EarlyPlacement.HEAD_BYTES * 2, DECLARED_SIZE); // the probe starts once

        Expected expected = download.expected.get(30, TimeUnit.SECONDS);
        assertEquals(IngestPipeline.pathKey(task, "wav"), expected.key());
        assertEquals("prj_early/file_early.wav", expected.key());
        assertEquals("audio/wav", expected.contentType());
        assertEquals(DECLARED_SIZE, expected.size());
        assertEquals(List.of(DECLARED_SIZE), download.askedStoresEarly);
    }

    @Test
    void nothingIsProbedBeforeTheHeadIsOnDisk() throws Exception {
        Path file = wavHead(dir.resolve("download"), EarlyPlacement.HEAD_BYTES);
        RecordingStagedObject download = new RecordingStagedObject(file);

        new EarlyPlacement(download, task()).received(EarlyPlacement.HEAD_BYTES - 1, DECLARED_SIZE);

        assertTrue(download.askedStoresEarly.isEmpty(), "asked before the first bytes were there");
        assertEquals(0, download.expectCalls.get());
    }

    private static TaskEntity task() {
        TaskEntity task = new TaskEntity();
        task.id = "task_early";
        task.projectId = "prj_early";
        task.fileId = "file_early";
        task.ingestInput(IngestInput.ofUrl(null));
        return task;
    }

    /** A 16-bit stereo 48 kHz WAV header declaring {@link #DECLARED_SIZE} bytes, then samples up to {@code length}. */
    private static Path wavHead(Path file, long length) throws IOException {
        long dataBytes = DECLARED_SIZE - 44;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(US_ASCII))
                .putInt((int) (DECLARED_SIZE - 8))
                .put("WAVEfmt ".getBytes(US_ASCII))
                .putInt(16)
                .putShort((short) 1) // PCM
                .putShort((short) 2)
                .putInt(48_000)
                .putInt(48_000 * 4)
                .putShort((short) 4)
                .putShort((short) 16)
                .put("data".getBytes(US_ASCII))
                .putInt((int) dataBytes);
        byte[] bytes = new byte[(int) length];
        System.arraycopy(header.array(), 0, bytes, 0, 44);
        for (int i = 44; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return Files.write(file, bytes);
    }

    private record Expected(String key, String contentType, long size) {}

    /** A staged object of a store that stores early, recording what the placement tells it. */
    private static final class RecordingStagedObject implements StagedObject {
        private final Path file;
        final List<Long> askedStoresEarly = new ArrayList<>();
        final AtomicInteger expectCalls = new AtomicInteger();
        final CompletableFuture<Expected> expected = new CompletableFuture<>();

        RecordingStagedObject(Path file) {
            this.file = file;
        }

        @Override
        public Path file() {
            return file;
        }

        @Override
        public boolean storesEarly(long expectedSize) {
            askedStoresEarly.add(expectedSize);
            return true;
        }

        @Override
        public void expect(String key, String contentType, long expectedSize) {
            expectCalls.incrementAndGet();
            expected.complete(new Expected(key, contentType, expectedSize));
        }

        @Override
        public void publish(String key, String contentType) {
            throw new AssertionError("not published in these tests");
        }

        @Override
        public void discard() {}
    }
}
