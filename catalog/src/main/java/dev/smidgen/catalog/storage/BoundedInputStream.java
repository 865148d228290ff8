package dev.smidgen.catalog.storage;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The first {@code length} bytes of a stream: {@link #atMost} for a byte range of a file, which may end
 * sooner; {@link #exactly} for a body that announced its length, where a stream that ends sooner fails
 * with an {@link EOFException} instead of ending, so that the request is broken off rather than sent
 * short (an HTTP client may stop at the end of the stream without noticing that it sent fewer bytes
 * than its {@code Content-Length}).
 */
final class BoundedInputStream extends FilterInputStream {
    private final long length;
    private final boolean exact;
    private long remaining;

    private BoundedInputStream(InputStream in, long length, boolean exact) {
        super(in);
        this.length = length;
        this.exact = exact;
        this.remaining = length;
    }

    /** Up to {@code length} bytes of {@code in}. */
    static BoundedInputStream atMost(InputStream in, long length) {
        return new BoundedInputStream(in, length, false);
    }

    /** Exactly {@code length} bytes of {@code in}; an earlier end is an {@link EOFException}. */
    static BoundedInputStream exactly(InputStream in, long length) {
        return new BoundedInputStream(in, length, true);
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = super.read();
        if (b < 0) {
            return endedEarly();
        }
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = super.read(buffer, off, (int) Math.min(len, remaining));
        if (n < 0) {
            return endedEarly();
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(super.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The underlying stream ended: the end of a range, or a broken body when the length was promised. */
    private int endedEarly() throws EOFException {
        if (exact) {
            throw new EOFException("The body ended after " + (length - remaining) + " of its " + length + " bytes");
        }
        return -1;
    }
}
