package dev.smidgen.catalog.storage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One PutObject of a file that is still being written, whose final size is known: the request's
 * body is the file, read as its bytes arrive ({@link #available}), so the server writes the object
 * once instead of writing parts and then joining them. The body holds back its last byte until
 * {@link #complete} says the file is whole and is to be stored: until then the server has no whole
 * object to store, so nothing replaces what the key holds before publishing decides it (as with an
 * unfinished multipart upload). {@link #abort} makes the body fail, which ends the request with
 * nothing stored. A server that stops waiting for the held-back byte (its idle timeout) fails the
 * request, and publishing then uploads the file anew.
 */
final class S3GrowingPut implements S3EarlyUpload {
    private static final Logger LOG = Logger.getLogger(S3GrowingPut.class);

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final Path file;
    private final long size;
    private final CompletableFuture<Void> sent = new CompletableFuture<>();

    // Guarded by this.
    private long available;
    /** The last byte may go: the file is whole and is to be stored. */
    private boolean released;

    private boolean aborted;
    private boolean ended;
    private InputStream current;

    private S3GrowingPut(S3Client s3, String bucket, String key, String contentType, Path file, long size) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
        this.file = file;
        this.size = size;
    }

    /** Starts the PutObject of {@code size} bytes of {@code file} to {@code key} on one of {@code workers}. */
    static S3GrowingPut start(
            S3Client s3, String bucket, Executor workers, String key, String contentType, Path file, long size) {
        S3GrowingPut put = new S3GrowingPut(s3, bucket, key, contentType, file, size);
        workers.execute(put::send);
        return put;
    }

    private void send() {
        try {
            s3.putObject(
                    b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(size),
                    RequestBody.fromContentProvider(new Body(), size, contentType));
            sent.complete(null);
        } catch (RuntimeException | Error e) {
            sent.completeExceptionally(e);
        } finally {
            closeCurrent();
        }
    }

    @Override
    public synchronized boolean isFor(String key, String contentType) {
        return !ended
                && !aborted
                && !sent.isCompletedExceptionally()
                && this.key.equals(key)
                && this.contentType.equals(contentType);
    }

    @Override
    public synchronized void available(long length) {
        if (length > available) {
            available = length;
            notifyAll();
        }
    }

    @Override
    public void complete(long size) {
        synchronized (this) {
            if (ended || aborted) {
                throw new IllegalStateException("The upload of " + key + " has ended");
            }
            if (size != this.size) {
                // The source sent another length than it announced: the request's length is wrong.
                aborted = true;
                notifyAll();
            } else {
                available = size;
                released = true;
                notifyAll();
            }
        }
        RuntimeException failure = awaitSent();
        synchronized (this) {
            ended = true;
        }
        if (size != this.size) {
            throw new IllegalStateException(
                    key + " is " + size + " bytes, not the " + this.size + " its streamed upload was started for");
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void abort() {
        synchronized (this) {
            if (ended || released) {
                return; // completing: complete() reports how that went
            }
            aborted = true;
            notifyAll();
        }
        RuntimeException failure = awaitSent();
        synchronized (this) {
            ended = true;
        }
        if (failure == null) {
            // Cannot be: the last byte was held back. Should a server store a short body, the key must not keep it.
            LOG.warnf("The aborted streamed upload of %s was stored anyway; deleting it", key);
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        }
    }

    /** Waits for the request to end, however long its retries take; returns its failure, or null. */
    private RuntimeException awaitSent() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    sent.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true; // the request ends on its own once the body fails or is whole
                } catch (ExecutionException e) {
                    return e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How far a body at {@code position} may read: waits for bytes (or the release of the last one). */
    private synchronized long readableTo(long position) throws IOException {
        while (true) {
            if (aborted) {
                throw new IOException("The streamed upload of " + key + " was aborted");
            }
            long limit = released ? size : Math.min(available, size - 1);
            if (limit > position) {
                return limit;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while waiting for " + key + " to be written");
            }
        }
    }

    private synchronized void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // a read-only file
            }
            current = null;
        }
    }

    /** The request body, from the first byte on each try of the SDK. */
    private final class Body implements ContentStreamProvider {
        @Override
        public InputStream newStream() {
            closeCurrent();
            try {
                InputStream stream = new BufferedInputStream(
                        new GrowingFileStream(FileChannel.open(file, StandardOpenOption.READ)), FileSlice.BUFFER);
                synchronized (S3GrowingPut.this) {
                    current = stream;
                }
                return stream;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The file's first {@link #size} bytes, each read once it is written. */
    private final class GrowingFileStream extends InputStream {
        private final FileChannel channel;
        private long position;

        GrowingFileStream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (position >= size) {
                return -1;
            }
            long limit = readableTo(position);
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, limit - position)), position);
            if (n < 0) {
                throw new IOException(file + " is shorter than the " + available + " bytes said written");
            }
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
