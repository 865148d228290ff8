package dev.smidgen.ingest.fetch;

import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Streams a source's bytes through a fixed buffer, hashing them and enforcing a byte cap: into a file,
 * or, for bytes that are already stored, into nothing but the hash.
 */
final class BodyCopier {
    static final int BUFFER_SIZE = 64 * 1024;

    /** What was read: byte count and lower-case hex SHA-256. */
    record Copied(long size, String sha256) {
    }

    private BodyCopier() {
    }

    /** Copies an HTTP response body to {@code target}; the caller deletes the target if this throws. */
    static Copied copy(InputStream in, Path target, long maxBytes, LongConsumer onProgress) {
        return copy(in, target, maxBytes, onProgress, FetchFailures::forIo);
    }

    /**
     * Copies {@code in} to {@code target}, turning a failure to read {@code in} into the source's own
     * error with {@code readFailure}; the caller deletes the target if this throws.
     */
    static Copied copy(InputStream in, Path target, long maxBytes, LongConsumer onProgress,
            Function<IOException, SmidgenException> readFailure) {
        try (OutputStream out = Files.newOutputStream(target,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            return pump(in, out, maxBytes, onProgress, readFailure);
        } catch (IOException e) {
            throw FetchFailures.localWriteFailed(e);
        }
    }

    /** Reads {@code in} to its end for its size and hash only; nothing is written anywhere. */
    static Copied digest(InputStream in, long maxBytes, LongConsumer onProgress,
            Function<IOException, SmidgenException> readFailure) {
        try {
            return pump(in, OutputStream.nullOutputStream(), maxBytes, onProgress, readFailure);
        } catch (IOException e) {
            throw new IllegalStateException("The null stream cannot fail", e);
        }
    }

    private static Copied pump(InputStream in, OutputStream out, long maxBytes, LongConsumer onProgress,
            Function<IOException, SmidgenException> readFailure) throws IOException {
        MessageDigest sha256 = newSha256();
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        while (true) {
            // Ask for at most one byte past the cap, so an oversized body is detected without
            // pulling a further buffer's worth from the source.
            int n = read(in, buffer, (int) Math.min(buffer.length, maxBytes - total + 1), readFailure);
            if (n < 0) {
                break;
            }
            total += n;
            if (total > maxBytes) {
                throw FetchFailures.tooLarge(maxBytes);
            }
            sha256.update(buffer, 0, n);
            out.write(buffer, 0, n);
            onProgress.accept(total);
        }
        return new Copied(total, HexFormat.of().formatHex(sha256.digest()));
    }

    // Kept apart from the writes so a source failure and a local disk failure get different codes.
    private static int read(InputStream in, byte[] buffer, int len, Function<IOException, SmidgenException> readFailure) {
        try {
            return in.read(buffer, 0, len);
        } catch (IOException e) {
            throw readFailure.apply(e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK ships SHA-256", e);
        }
    }
}
