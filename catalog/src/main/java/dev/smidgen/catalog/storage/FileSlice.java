package dev.smidgen.catalog.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * A byte range of a local file as a request body: read from disk while it is sent, so a part in
 * flight costs an open file and the HTTP client's small buffer, never a part-sized array. The SDK
 * asks for a new stream on each retry, which starts at the range's first byte again.
 */
final class FileSlice implements ContentStreamProvider {
    private final Path file;
    private final long offset;
    private final long length;
    private InputStream current;

    FileSlice(Path file, long offset, long length) {
        this.file = file;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public synchronized InputStream newStream() {
        closeCurrent();
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                channel.position(offset);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            current = new BoundedInputStream(Channels.newInputStream(channel), length);
            return current;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    @Override
    public String name() {
        return "FileSlice";
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // a stream of an earlier attempt; nothing depends on it any more
            }
            current = null;
        }
    }
}
