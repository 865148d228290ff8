package dev.smidgen.catalog.storage;

import java.io.BufferedInputStream;
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
 * flight costs an open file and one {@value #BUFFER}-byte buffer, never a part-sized array. The SDK
 * asks for a new stream on each retry, which starts at the range's first byte again.
 */
final class FileSlice implements ContentStreamProvider {
    /**
     * The HTTP client reads a body 4 KiB at a time; unbuffered, that is a read system call per 4 KiB,
     * which made a 512 MiB put to s3proxy take half again as long.
     */
    static final int BUFFER = 256 * 1024;

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
            current = new BufferedInputStream(
                    BoundedInputStream.atMost(Channels.newInputStream(channel), length), BUFFER);
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
