package dev.smidgen.upload.storage;

import dev.smidgen.catalog.storage.MultipartStore;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Cuts a byte stream into the equal parts of one multipart upload. Each part is spooled to local
 * disk and sent to S3 while the next ones fill, a few in parallel (S3 servers take parts faster
 * side by side than one after another), so a request holds at most {@code partsInFlight + 1}
 * parts on disk and none in memory. Part numbers follow from byte offsets ({@code offset / partSize + 1}), which is
 * what lets any replica continue an upload: the unfinished last part is handed back to the caller
 * (to keep as a tail object) instead of being sent short.
 */
public final class PartPipeline implements AutoCloseable {
    private static final int BUFFER = 256 * 1024;
    private static final ExecutorService SENDERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "upload-part-sender");
        t.setDaemon(true);
        return t;
    });

    /** Where a stored part is recorded (the session's part rows). */
    @FunctionalInterface
    public interface PartRecorder {
        void stored(int partNumber, long size, String etag);
    }

    private final MultipartStore store;
    private final Spool spool;
    private final String sessionId;
    private final String key;
    private final String uploadId;
    private final long partSize;
    private final PartRecorder recorder;
    private final byte[] buffer = new byte[BUFFER];

    private int partNumber;
    private Path filling;
    private long filled;
    private long taken;
    private final int partsInFlight;
    private final Deque<CompletableFuture<Void>> sending = new ArrayDeque<>();

    /**
     * A pipeline positioned at {@code offset}; {@code tail} holds the bytes of the part that offset
     * falls in ({@code offset % partSize} of them), or is null at a part boundary. It takes
     * ownership of the tail file.
     */
    public PartPipeline(MultipartStore store, Spool spool, String sessionId, String key, String uploadId, long partSize,
            int partsInFlight, long offset, Path tail, PartRecorder recorder) {
        this.partsInFlight = Math.max(1, partsInFlight);
        this.store = store;
        this.spool = spool;
        this.sessionId = sessionId;
        this.key = key;
        this.uploadId = uploadId;
        this.partSize = partSize;
        this.recorder = recorder;
        this.partNumber = (int) (offset / partSize) + 1;
        this.filling = tail != null ? tail : spool.newFile(sessionId);
        this.filled = offset % partSize;
    }

    /**
     * Copies the stream in until it ends; more than {@code limit} bytes in all (over every call)
     * fail with {@code file_too_large}. An {@link IOException} (a client that went away)
     * propagates with every byte before it counted in {@link #bytesTaken()}.
     */
    public void write(InputStream in, long limit) throws IOException {
        OutputStream out = open();
        try {
            while (true) {
                int room = (int) Math.min(buffer.length, partSize - filled);
                int n = in.read(buffer, 0, room);
                if (n < 0) {
                    return;
                }
                if (taken + n > limit) {
                    throw new SmidgenException(ErrorCode.FILE_TOO_LARGE,
                            "The upload is larger than its declared or allowed size (" + limit + " more bytes were expected at most).");
                }
                out.write(buffer, 0, n);
                taken += n;
                filled += n;
                if (filled == partSize) {
                    out.close();
                    send();
                    out = open();
                }
            }
        } finally {
            out.close();
        }
    }

    /** Bytes taken from streams so far. */
    public long bytesTaken() {
        return taken;
    }

    /** Sends what has been filled as the last (possibly short) part of the object. */
    public void sendLast() {
        if (filled > 0) {
            send();
        }
        awaitSent();
    }

    /**
     * Waits for parts in flight and hands over the unfinished part's file (the caller owns it
     * now), or null when the stream ended on a part boundary.
     */
    public Path finishWithTail() {
        awaitSent();
        if (filled == 0) {
            return null;
        }
        Path tail = filling;
        filling = null;
        return tail;
    }

    /** Waits until every part handed to S3 is stored and recorded. */
    public void awaitSent() {
        while (!sending.isEmpty()) {
            awaitOldest();
        }
    }

    private void awaitOldest() {
        try {
            sending.peekFirst().join();
            sending.removeFirst();
        } catch (CompletionException e) {
            sending.removeFirst();
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private OutputStream open() {
        try {
            return Files.newOutputStream(filling, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send() {
        while (sending.size() >= partsInFlight) {
            awaitOldest(); // bounds a request's disk use to partsInFlight + 1 parts
        }
        Path part = filling;
        long size = filled;
        int number = partNumber;
        sending.addLast(CompletableFuture.runAsync(() -> {
            try {
                String etag = store.uploadPart(key, uploadId, number, part);
                recorder.stored(number, size, etag);
            } finally {
                spool.release(part);
            }
        }, SENDERS));
        partNumber++;
        filling = spool.newFile(sessionId);
        filled = 0;
    }

    @Override
    public void close() {
        for (CompletableFuture<Void> part : sending) {
            try {
                part.join();
            } catch (CompletionException e) {
                // already reported by awaitSent, or superseded by the failure that closes us
            }
        }
        if (filling != null) {
            spool.release(filling);
        }
    }
}
