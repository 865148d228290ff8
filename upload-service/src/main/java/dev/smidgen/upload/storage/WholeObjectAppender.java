package dev.smidgen.upload.storage;

import dev.smidgen.catalog.storage.BlobStore;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * A simple upload of known size on S3: the file goes to its key as one object (one PutObject) while
 * the request brings it, read from a spool file as it grows ({@link GrowingFile}), so that it is
 * stored moments after its last byte arrives, with no parts for the S3 server to join afterwards.
 *
 * <p>The size is what the request announced; a form's is a guess (its file field is usually the last).
 * The object is only sent whole with exactly that many bytes: a body that ends elsewhere breaks the
 * PutObject off, and the spool file, which has every byte, is stored instead. A request cut off
 * keeps nothing: a simple upload starts over.
 */
final class WholeObjectAppender implements OffsetStorage.Appender {
    private static final Logger LOG = Logger.getLogger(WholeObjectAppender.class);
    private static final int BUFFER = 256 * 1024;

    private final BlobStore blobs;
    private final Spool spool;
    private final String sessionId;
    private final String key;
    private final long expected;
    private final String contentType;
    private final Path file;
    private final FileChannel channel;
    private final GrowingFile growing;
    private final CompletableFuture<Void> put;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private long taken;
    private boolean done;

    WholeObjectAppender(
            MultipartStore multipart,
            BlobStore blobs,
            Spool spool,
            String sessionId,
            String key,
            long expected,
            String contentType) {
        this.blobs = blobs;
        this.spool = spool;
        this.sessionId = sessionId;
        this.key = key;
        this.expected = expected;
        this.contentType = contentType;
        this.file = spool.newFile(sessionId);
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (IOException e) {
            spool.release(file);
            throw new UncheckedIOException(e);
        }
        this.growing = new GrowingFile(file, 0);
        this.put = CompletableFuture.runAsync(
                () -> multipart.putObject(key, growing.range(0, expected, true), expected, contentType),
                PartPipeline.SENDERS);
    }

    @Override
    public void write(InputStream in, long limit) throws IOException {
        byte[] bytes = buffer.array();
        while (true) {
            int n = in.read(bytes, 0, bytes.length);
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
                channel.write(buffer);
            }
            taken += n;
            growing.wrote(taken);
        }
    }

    @Override
    public long bytesTaken() {
        return taken;
    }

    /** The file ended: the PutObject completes if it was exactly as long as announced, else the spool file is stored. */
    @Override
    public void finishFile() {
        done = true;
        closeChannel();
        growing.end(taken);
        RuntimeException failure = outcome();
        if (failure == null && taken == expected) {
            return;
        }
        if (taken == expected) {
            LOG.infof(
                    "%s: the file could not be stored while it arrived (%s); storing it from the spool file",
                    sessionId, failure.getMessage());
        }
        blobs.put(key, file, contentType);
    }

    /** A simple upload that did not end keeps nothing: its next attempt starts over. */
    @Override
    public long keepForNextRequest() {
        done = true;
        closeChannel();
        growing.abandon();
        outcome();
        return 0;
    }

    @Override
    public void close() {
        if (!done) {
            closeChannel();
            growing.abandon();
            outcome();
        }
        spool.release(file);
    }

    /** Waits for the PutObject; its failure, or null when it stored the object. */
    private RuntimeException outcome() {
        try {
            put.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // only a write handle; what was written is in the file
        }
    }
}
