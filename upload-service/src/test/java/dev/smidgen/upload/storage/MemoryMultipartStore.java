package dev.smidgen.upload.storage;

import dev.smidgen.catalog.storage.BodySource;
import dev.smidgen.catalog.storage.MultipartStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link MultipartStore} in memory for tests of what sends parts: it reads bodies as S3 would
 * (exactly the announced length, or nothing is stored) and counts how parts and objects arrived.
 */
final class MemoryMultipartStore implements MultipartStore {
    final Map<Integer, byte[]> parts = new ConcurrentHashMap<>();
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final AtomicInteger streamed = new AtomicInteger();
    final AtomicInteger fromFiles = new AtomicInteger();
    /** Streamed bodies to refuse (after reading some of them), as a server that drops a request. */
    final AtomicInteger refuseStreams = new AtomicInteger();

    @Override
    public String create(String key, String contentType) {
        return "upload-1";
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, Path file) {
        try {
            parts.put(partNumber, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fromFiles.incrementAndGet();
        return "etag-" + partNumber;
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, BodySource body, long length) {
        parts.put(partNumber, receive(body, length));
        streamed.incrementAndGet();
        return "etag-" + partNumber;
    }

    @Override
    public void putObject(String key, BodySource body, long length, String contentType) {
        objects.put(key, receive(body, length));
        streamed.incrementAndGet();
    }

    /** Stores an object from a file, as {@code BlobStore.put} does. */
    void putFile(String key, Path file) {
        try {
            objects.put(key, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fromFiles.incrementAndGet();
    }

    private byte[] receive(BodySource body, long length) {
        try (InputStream in = body.open()) {
            if (refuseStreams.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                in.readNBytes((int) Math.min(length, 100));
                throw new IllegalStateException("the server dropped the request");
            }
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length != length) {
                throw new IllegalStateException("the body ended after " + bytes.length + " of " + length + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String copyPart(String key, String uploadId, int partNumber, String sourceKey, long first, long last) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void complete(String key, String uploadId, List<CompletedPart> parts) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void abort(String key, String uploadId) {
        parts.clear();
    }
}
