package dev.smidgen.catalog.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link InputStream} whose bytes come in blocks (a network buffer, a file region, a form part):
 * a subclass implements only {@link #read(byte[], int, int)}, and the one-byte read goes through it,
 * so the stream's bookkeeping (lengths, boundaries, waiting for a writer) lives in one method.
 */
public abstract class BlockInputStream extends InputStream {
    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
