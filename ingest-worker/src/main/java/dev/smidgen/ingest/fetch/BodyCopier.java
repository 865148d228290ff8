package dev.smidgen.ingest.fetch;

import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Streams a source's bytes through a few fixed buffers, hashing them on a second thread
 * ({@link BackgroundSha256}) and enforcing a byte cap: into a file, or, for bytes that are already
 * stored, into nothing but the hash. Progress is reported after each buffer is written, so a caller
 * may read the target up to the reported length.
 */
final class BodyCopier {
    /**
     * Bytes read, written and hashed at a time: big enough that handing a buffer to the hashing thread
     * costs nothing next to filling it, small enough that the hash trails the download by little.
     */
    static final int BUFFER_SIZE = 256 * 1024;
    /** Buffers in the ring between reading and hashing. */
    static final int BUFFERS = 4;

    /** What was read: byte count and lower-case hex SHA-256. */
    record Copied(long size, String sha256) {}

    private BodyCopier() {}

    /**
     * Copies {@code in} to {@code target}, turning a failure to read {@code in} into the source's own
     * error with {@code readFailure}; the caller deletes the target if this throws.
     */
    static Copied copy(
            InputStream in,
            Path target,
            long maxBytes,
            LongConsumer onProgress,
            Function<IOException, SmidgenException> readFailure) {
        try (FileChannel out = FileChannel.open(
                target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            return pump(in, out, maxBytes, onProgress, readFailure);
        } catch (IOException e) {
            throw FetchFailures.localWriteFailed(e);
        }
    }

    /** Reads {@code in} to its end for its size and hash only; nothing is written anywhere. */
    static Copied digest(
            InputStream in,
            long maxBytes,
            LongConsumer onProgress,
            Function<IOException, SmidgenException> readFailure) {
        try {
            return pump(in, null, maxBytes, onProgress, readFailure);
        } catch (IOException e) {
            throw new IllegalStateException("Nothing is written, so nothing can fail to be", e);
        }
    }

    private static Copied pump(
            InputStream in,
            FileChannel out,
            long maxBytes,
            LongConsumer onProgress,
            Function<IOException, SmidgenException> readFailure)
            throws IOException {
        try (BackgroundSha256 sha256 = new BackgroundSha256(BUFFERS, BUFFER_SIZE)) {
            long total = 0;
            while (true) {
                byte[] buffer = sha256.emptyBuffer();
                // Ask for at most one byte past the cap, so an oversized body is detected without
                // pulling a further buffer's worth from the source.
                int n = fill(in, buffer, (int) Math.min(buffer.length, maxBytes - total + 1), readFailure);
                if (n == 0) {
                    break;
                }
                total += n;
                if (total > maxBytes) {
                    throw FetchFailures.tooLarge(maxBytes);
                }
                if (out != null) {
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                }
                sha256.update(buffer, n);
                onProgress.accept(total);
            }
            return new Copied(total, sha256.finish());
        }
    }

    /**
     * Reads up to {@code len} bytes: waits for the first, then takes what else is there without
     * waiting, so a fast source fills the buffer and a slow one is written (and reported) as it
     * trickles in. Returns how many came, 0 at the end of the stream. Kept apart from the writes so a
     * source failure and a local disk failure get different codes.
     */
    private static int fill(
            InputStream in, byte[] buffer, int len, Function<IOException, SmidgenException> readFailure) {
        int filled = 0;
        try {
            do {
                int n = in.read(buffer, filled, len - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            } while (filled < len && in.available() > 0);
        } catch (IOException e) {
            throw readFailure.apply(e);
        }
        return filled;
    }
}
