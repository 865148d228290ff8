package dev.smidgen.catalog.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An object's bytes as {@link BlobStore#open} hands them out. The SDK may report a failure while the
 * body is being read (a checksum mismatch, an aborted connection) as an unchecked {@link SdkException};
 * callers treat read failures of any stream as I/O errors, so that is what they get here.
 */
final class StorageInputStream extends FilterInputStream {
    StorageInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (SdkException e) {
            throw new IOException("Reading from object storage failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (SdkException e) {
            throw new IOException("Reading from object storage failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (SdkException e) {
            throw new IOException("Reading from object storage failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } catch (SdkException e) {
            throw new IOException("Closing an object storage stream failed: " + e.getMessage(), e);
        }
    }
}
