package dev.smidgen.catalog.storage;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The first {@code length} bytes of a stream, which must have them: a stream that ends sooner fails
 * with an {@link EOFException} instead of ending, so that a request that announced {@code length}
 * bytes is broken off rather than sent short (an HTTP client may stop at the end of the stream
 * without noticing that it sent fewer bytes than its {@code Content-Length}).
 */
final class ExactLengthInputStream extends FilterInputStream {
    private final long length;
    private long remaining;

    ExactLengthInputStream(InputStream in, long length) {
        super(in);
        this.length = length;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = super.read();
        if (b < 0) {
            throw endedEarly();
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
            throw endedEarly();
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

    private EOFException endedEarly() {
        return new EOFException("The body ended after " + (length - remaining) + " of its " + length + " bytes");
    }
}
