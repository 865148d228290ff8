package dev.smidgen.upload.storage;

import dev.smidgen.catalog.storage.MultipartStore;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Cuts a byte stream into the equal parts of one multipart upload. Each part is spooled to local
 * disk and sent to S3, a few in parallel (S3 servers take parts faster side by side than one after
 * another), so a request holds at most {@code partsInFlight + 1} parts on disk and none in memory.
 * Part numbers follow from byte offsets ({@code offset / partSize + 1}), which is what lets any
 * replica continue an upload: the unfinished last part is handed back to the caller (to keep as a
 * tail object) instead of being sent short.
 *
 * <p>When the request is expected to fill a part (its length is known), the part goes to S3 while it
 * is spooled, read from the spool file as it grows ({@link GrowingFile}): the part is stored moments
 * after its last byte arrives, instead of being sent only then. A request that ends sooner than
 * expected (the client went away) breaks that upload off, and its bytes stay in the spool file like
 * those of any unfinished part. A streamed part that S3 refuses is sent again from the file.
 */
public final class PartPipeline implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PartPipeline.class);
    private static final int BUFFER = 256 * 1024;
    /** Threads that send parts and objects to the store while requests fill them. */
    static final ExecutorService SENDERS = Executors.newCachedThreadPool(r -> {
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
    private final Long fileEnd;
    private final PartRecorder recorder;
    private final int partsInFlight;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private final Deque<Part> sending = new ArrayDeque<>();

    private Part filling;
    private long taken;

    /** A part being filled, and then sent. */
    private final class Part {
        final int number;
        final Path file;
        final FileChannel channel;
        long filled;
        /** Set while the part streams to S3 as it is written. */
        GrowingFile growing;

        long streamLength;
        CompletableFuture<Void> upload;

        Part(int number, Path file, long filled) {
            this.number = number;
            this.file = file;
            this.filled = filled;
            try {
                this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
                channel.position(filled);
            } catch (IOException e) {
                spool.release(file);
                throw new UncheckedIOException(e);
            }
        }

        long start() {
            return (number - 1) * partSize;
        }

        boolean streamedWhole() {
            return growing != null && filled == streamLength;
        }

        void closeChannel() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // only a write handle; what was written is in the file
            }
        }
    }

    /**
     * A pipeline positioned at {@code offset}; {@code tail} holds the bytes of the part that offset
     * falls in ({@code offset % partSize} of them), or is null at a part boundary. It takes
     * ownership of the tail file. {@code fileEnd}: the file's declared length, when known, so that its
     * shorter last part can stream too.
     */
    public PartPipeline(
            MultipartStore store,
            Spool spool,
            String sessionId,
            String key,
            String uploadId,
            long partSize,
            int partsInFlight,
            long offset,
            Path tail,
            Long fileEnd,
            PartRecorder recorder) {
        this.partsInFlight = Math.max(1, partsInFlight);
        this.store = store;
        this.spool = spool;
        this.sessionId = sessionId;
        this.key = key;
        this.uploadId = uploadId;
        this.partSize = partSize;
        this.fileEnd = fileEnd;
        this.recorder = recorder;
        this.filling = new Part(
                (int) (offset / partSize) + 1, tail != null ? tail : spool.newFile(sessionId), offset % partSize);
    }

    /**
     * Copies the stream in until it ends; more than {@code limit} bytes in all (over every call)
     * fail with {@code file_too_large}. An {@link IOException} (a client that went away)
     * propagates with every byte before it counted in {@link #bytesTaken()}. {@code expected}: how
     * many bytes the stream should carry, when known (parts it is expected to fill are streamed).
     */
    public void write(InputStream in, long limit, Long expected) throws IOException {
        Long expectedEnd = expected == null ? null : position() + expected;
        streamIfCovered(filling, expectedEnd);
        byte[] bytes = buffer.array();
        while (true) {
            int room = (int) Math.min(bytes.length, partSize - filling.filled);
            int n = in.read(bytes, 0, room);
            if (n < 0) {
                return;
            }
            if (taken + n > limit) {
                throw new SmidgenException(
                        ErrorCode.FILE_TOO_LARGE,
                        "The upload is larger than its declared or allowed size (" + limit
                                + " more bytes were expected at most).");
            }
            buffer.clear().limit(n);
            while (buffer.hasRemaining()) {
                filling.channel.write(buffer);
            }
            taken += n;
            filling.filled += n;
            if (filling.growing != null) {
                filling.growing.wrote(filling.filled);
            }
            if (filling.filled == partSize) {
                Part full = filling;
                full.closeChannel();
                if (full.growing == null) {
                    send(full);
                }
                filling = new Part(full.number + 1, spool.newFile(sessionId), 0);
                streamIfCovered(filling, expectedEnd);
            }
        }
    }

    /** Bytes taken from streams so far. */
    public long bytesTaken() {
        return taken;
    }

    /** Sends what has been filled as the last (possibly short) part of the object. */
    public void sendLast() {
        Part last = filling;
        last.closeChannel();
        if (last.growing != null && !last.streamedWhole()) {
            breakOff(last); // it was expected to run further; the file holds what came, sent below
        }
        filling = null;
        if (last.growing == null) {
            if (last.filled > 0) {
                send(last);
            } else {
                spool.release(last.file);
            }
        }
        awaitSent();
    }

    /**
     * Waits for parts in flight and hands over the unfinished part's file (the caller owns it
     * now), or null when the stream ended on a part boundary.
     */
    public Path finishWithTail() {
        Part last = filling;
        last.closeChannel();
        if (last.growing != null) {
            breakOff(last); // unfinished: its bytes wait in the file for the next request
        }
        awaitSent();
        filling = null;
        if (last.filled == 0) {
            spool.release(last.file);
            return null;
        }
        return last.file;
    }

    /** Waits until every part handed to S3 is stored and recorded. */
    public void awaitSent() {
        while (!sending.isEmpty()) {
            awaitOldest();
        }
    }

    private long position() {
        return filling.start() + filling.filled;
    }

    /**
     * Starts sending {@code part} while it fills, when the request is expected to bring its last byte:
     * the part's end (the file's end for the last part, when declared) is within {@code expectedEnd}.
     */
    private void streamIfCovered(Part part, Long expectedEnd) {
        if (expectedEnd == null || part.growing != null) {
            return;
        }
        long end = part.start() + partSize;
        if (fileEnd != null) {
            end = Math.min(end, fileEnd);
        }
        if (end > expectedEnd || end <= part.start() + part.filled) {
            return;
        }
        makeRoom();
        part.streamLength = end - part.start();
        part.growing = new GrowingFile(part.file, part.filled);
        GrowingFile growing = part.growing;
        long length = part.streamLength;
        part.upload = CompletableFuture.runAsync(
                () -> {
                    String etag;
                    try {
                        etag = store.uploadPart(key, uploadId, part.number, growing.range(0, length, false), length);
                    } catch (RuntimeException e) {
                        etag = sendAgainOnceWritten(part.number, growing, length, e);
                    }
                    recorder.stored(part.number, length, etag);
                },
                SENDERS);
        sending.addLast(part);
    }

    /**
     * A streamed part that failed for another reason than being broken off (S3 refused it, or timed
     * out waiting for a slow client): once its bytes are all written, it is sent from the file.
     */
    private String sendAgainOnceWritten(int number, GrowingFile growing, long length, RuntimeException failure) {
        try {
            if (!growing.awaitFilled(length)) {
                throw failure; // broken off: the caller keeps the bytes in the file
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
        LOG.infof(
                "%s: part %d could not be sent while it arrived (%s); sending it from the spool file",
                sessionId, number, failure.getMessage());
        return store.uploadPart(key, uploadId, number, growing.file());
    }

    /**
     * Stops streaming {@code part} and waits for its upload to end; the part is then an unsent part
     * whose bytes are in its file. (An upload that had all its bytes may still succeed: the part is
     * then stored, and sending it again from the file replaces it with the same bytes.)
     */
    private void breakOff(Part part) {
        part.growing.abandon();
        try {
            part.upload.join();
        } catch (CompletionException expected) {
            // broken off on purpose
        }
        sending.remove(part);
        part.growing = null;
        part.upload = null;
    }

    private void makeRoom() {
        while (sending.size() >= partsInFlight) {
            awaitOldest(); // bounds a request's disk use to partsInFlight + 1 parts
        }
    }

    private void awaitOldest() {
        Part oldest = sending.peekFirst();
        try {
            oldest.upload.join();
            sending.removeFirst();
            spool.release(oldest.file);
        } catch (CompletionException e) {
            sending.removeFirst();
            spool.release(oldest.file);
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private void send(Part part) {
        makeRoom();
        part.upload = CompletableFuture.runAsync(
                () -> {
                    String etag = store.uploadPart(key, uploadId, part.number, part.file);
                    recorder.stored(part.number, part.filled, etag);
                },
                SENDERS);
        sending.addLast(part);
    }

    @Override
    public void close() {
        if (filling != null) {
            filling.closeChannel();
            if (filling.growing != null) {
                filling.growing.abandon();
            }
        }
        for (Part part : sending) {
            try {
                part.upload.join();
            } catch (CompletionException e) {
                // already reported by awaitSent, or superseded by the failure that closes us
            }
            if (part != filling) {
                spool.release(part.file);
            }
        }
        sending.clear();
        if (filling != null) {
            spool.release(filling.file);
            filling = null;
        }
    }
}
