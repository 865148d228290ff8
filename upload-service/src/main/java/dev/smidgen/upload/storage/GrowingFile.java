package dev.smidgen.upload.storage;

import dev.smidgen.catalog.storage.BlockInputStream;
import dev.smidgen.catalog.storage.BodySource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A spool file that one request writes front to back while an upload to the store reads it, so that
 * the bytes go on to S3 as they arrive instead of after the request (the part or object is sent in
 * the time the client takes to send it, not after). The file stays the copy of record: a read that
 * fails can start again from its first byte, and a request cut off mid-way still has its bytes.
 *
 * <p>A reader never sends bytes the request may not deliver: the last byte of a range waits until the
 * file is known to hold it (and, for an object whose exact end was only expected, to end right there),
 * and a range the file will not fill fails instead of ending short, so the store keeps nothing of it.
 */
final class GrowingFile {
    /** Reads from disk in large steps: HTTP clients read a body a few KiB at a time. */
    private static final int READ_BUFFER = 256 * 1024;

    private final Path file;
    // Guarded by this.
    private long written;
    private long end = -1;
    private boolean abandoned;

    /** A file that already holds {@code written} bytes (a tail carried over from an earlier request). */
    GrowingFile(Path file, long written) {
        this.file = file;
        this.written = written;
    }

    Path file() {
        return file;
    }

    /** The first {@code length} bytes are in the file and will not change. */
    synchronized void wrote(long length) {
        written = length;
        notifyAll();
    }

    /** The writer is done: the file ends at {@code length} bytes. */
    synchronized void end(long length) {
        written = length;
        end = length;
        notifyAll();
    }

    /** The bytes will not be sent this way (the request broke off, or a check refused them): readers fail now. */
    synchronized void abandon() {
        abandoned = true;
        notifyAll();
    }

    /**
     * Waits until bytes {@code [0, to)} are all in the file, and returns true; false when it is
     * abandoned, or ends, first.
     */
    synchronized boolean awaitFilled(long to) throws InterruptedException {
        while (!abandoned && written < to && end < 0) {
            wait();
        }
        return !abandoned && written >= to;
    }

    /**
     * Bytes {@code [from, to)} of the file as a request body, read as they are written. With
     * {@code exactEnd}, the file must also end at {@code to}: its last byte is held back until the writer
     * says so, and a file that grows past {@code to} fails the read.
     */
    BodySource range(long from, long to, boolean exactEnd) {
        return () -> {
            synchronized (this) {
                if (abandoned) {
                    throw new IOException("The bytes of " + file.getFileName() + " are not sent after all");
                }
            }
            return new BufferedInputStream(
                    new Reader(FileChannel.open(file, StandardOpenOption.READ), from, to, exactEnd), READ_BUFFER);
        };
    }

    /** How many bytes from {@code pos} a reader of {@code [.., to)} may take now, waiting for at least one; -1 at {@code to}. */
    private synchronized int readable(long pos, long to, boolean exactEnd, int max) throws IOException {
        if (pos >= to) {
            return -1;
        }
        while (true) {
            if (abandoned) {
                throw new IOException("The bytes of " + file.getFileName() + " are not sent after all");
            }
            if (end >= 0 && end < to) {
                throw new IOException(file.getFileName() + " ended at " + end + " bytes, before " + to);
            }
            if (exactEnd && (written > to || end > to)) {
                throw new IOException(file.getFileName() + " is longer than the " + to + " bytes expected");
            }
            // Everything before `to` may go once written; the byte at to - 1 only once the file's end is confirmed.
            long allowed = exactEnd && end != to ? Math.min(written, to - 1) : Math.min(written, to);
            if (allowed > pos) {
                return (int) Math.min(max, allowed - pos);
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while waiting for the bytes of " + file.getFileName());
            }
        }
    }

    /** Reads a range of the file, waiting for bytes the writer has not written yet. */
    private final class Reader extends BlockInputStream {
        private final FileChannel channel;
        private final long to;
        private final boolean exactEnd;
        private long pos;

        Reader(FileChannel channel, long from, long to, boolean exactEnd) {
            this.channel = channel;
            this.pos = from;
            this.to = to;
            this.exactEnd = exactEnd;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = readable(pos, to, exactEnd, len);
            if (n < 0) {
                return -1;
            }
            ByteBuffer target = ByteBuffer.wrap(b, off, n);
            while (target.hasRemaining()) {
                if (channel.read(target, pos + target.position() - off) < 0) {
                    throw new IOException(file.getFileName() + " is shorter than the bytes written to it");
                }
            }
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
