package dev.smidgen.catalog.storage;

import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link MultipartStore} on the filesystem store, for the chunked upload protocol, whose chunks
 * arrive in any order: each part is a file in {@code .partial/multipart-{id}/}, and completing
 * concatenates them in the kernel ({@link FileChannel#transferTo}) into one staged file that is then
 * published like any other object. ETags are opaque, as on S3: they change whenever a part is replaced.
 */
public final class FileSystemMultipartStore implements MultipartStore {
    private final FileSystemStore store;

    public FileSystemMultipartStore(FileSystemStore store) {
        this.store = store;
    }

    @Override
    public String create(String key, String contentType) {
        store.pathOf(key); // refuse a bad key now, not at completion
        String id = UUID.randomUUID().toString();
        try {
            Files.createDirectories(dirOf(id));
        } catch (IOException e) {
            throw FileSystemStore.failure("starting an upload of " + key, e);
        }
        return id;
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, Path file) {
        return storePart(
                key, uploadId, partNumber, temp -> Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING));
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, BodySource body, long length) {
        return storePart(key, uploadId, partNumber, temp -> write(body, length, temp));
    }

    /** Writes a part under a temporary name and renames it, so that a part is either whole or absent. */
    private String storePart(String key, String uploadId, int partNumber, PartWriter writer) {
        StorageKeys.check(key);
        Path part = partPath(uploadId, partNumber);
        Path temp = part.resolveSibling(partNumber + "." + UUID.randomUUID() + ".tmp");
        try {
            writer.writeTo(temp);
            Files.move(temp, part, StandardCopyOption.ATOMIC_MOVE);
            return etagOf(part);
        } catch (IOException e) {
            throw FileSystemStore.failure("storing part " + partNumber + " of " + key, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @FunctionalInterface
    private interface PartWriter {
        void writeTo(Path temp) throws IOException;
    }

    @Override
    public void putObject(String key, BodySource body, long length, String contentType) {
        store.pathOf(key);
        if (length < 0 || length > MAX_SINGLE_PUT) {
            throw new IllegalArgumentException("One request stores 0 to " + MAX_SINGLE_PUT + " bytes, not " + length);
        }
        Path temp = store.stagingPath("put-" + UUID.randomUUID());
        try {
            write(body, length, temp);
            store.publish(temp, key);
        } catch (IOException e) {
            throw FileSystemStore.failure("storing " + key, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public String copyPart(String key, String uploadId, int partNumber, String sourceKey, long first, long last) {
        StorageKeys.check(key);
        Path source = store.pathOf(sourceKey);
        Path part = partPath(uploadId, partNumber);
        Path temp = part.resolveSibling(partNumber + "." + UUID.randomUUID() + ".tmp");
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (last >= in.size() || first > last) {
                throw StoreErrors.rangeNotSatisfiable(sourceKey, in.size());
            }
            transfer(in, first, last - first + 1, out);
            out.close();
            Files.move(temp, part, StandardCopyOption.ATOMIC_MOVE);
            return etagOf(part);
        } catch (NoSuchFileException e) {
            throw SmidgenException.notFound("Stored object");
        } catch (IOException e) {
            throw FileSystemStore.failure("copying part " + partNumber + " of " + key, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public void complete(String key, String uploadId, List<CompletedPart> parts) {
        store.pathOf(key);
        Path dir = existingDir(uploadId);
        Path joined = store.stagingPath("multipart-" + uploadId + ".joined");
        try (FileChannel out = FileChannel.open(
                joined, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (CompletedPart p : parts.stream()
                    .sorted(Comparator.comparingInt(CompletedPart::number))
                    .toList()) {
                Path part = dir.resolve(String.valueOf(p.number()));
                if (!Files.isRegularFile(part) || !etagOf(part).equals(p.etag())) {
                    throw SmidgenException.invalid(
                            "parts", "Part " + p.number() + " was not stored with ETag " + p.etag() + ".");
                }
                try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
                    transfer(in, 0, in.size(), out);
                }
            }
        } catch (IOException e) {
            deleteQuietly(joined);
            throw FileSystemStore.failure("joining the parts of " + key, e);
        } catch (RuntimeException e) {
            deleteQuietly(joined);
            throw e;
        }
        store.publish(joined, key);
        abort(key, uploadId);
    }

    @Override
    public void abort(String key, String uploadId) {
        StorageKeys.check(key);
        if (!isUploadId(uploadId)) {
            return; // no upload of this store ever had such an id
        }
        Path dir = dirOf(uploadId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw FileSystemStore.failure("dropping an upload of " + key, e);
        }
    }

    private Path dirOf(String uploadId) {
        if (!isUploadId(uploadId)) {
            throw SmidgenException.notFound("Upload");
        }
        return store.stagingPath("multipart-" + uploadId);
    }

    private static boolean isUploadId(String uploadId) {
        try {
            return uploadId != null && UUID.fromString(uploadId).toString().equals(uploadId);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Path existingDir(String uploadId) {
        Path dir = dirOf(uploadId);
        if (!Files.isDirectory(dir)) {
            throw SmidgenException.notFound("Upload");
        }
        return dir;
    }

    private Path partPath(String uploadId, int partNumber) {
        if (partNumber < 1 || partNumber > 10_000) {
            throw new IllegalArgumentException("Part numbers run from 1 to 10000, not " + partNumber);
        }
        return existingDir(uploadId).resolve(String.valueOf(partNumber));
    }

    /** Opaque and cheap: the part file's identity, size and time, so a replaced part gets a new one. */
    private static String etagOf(Path part) throws IOException {
        BasicFileAttributes a = Files.readAttributes(part, BasicFileAttributes.class);
        return Long.toHexString(a.size()) + "-"
                + Long.toHexString(a.lastModifiedTime().toMillis()) + "-"
                + Integer.toHexString(String.valueOf(a.fileKey()).hashCode());
    }

    /** Exactly {@code length} bytes of the body into a new file; a body that ends short fails. */
    private static void write(BodySource body, long length, Path file) throws IOException {
        try (InputStream in = BoundedInputStream.exactly(body.open(), length);
                OutputStream out =
                        Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            in.transferTo(out);
        }
    }

    private static void transfer(FileChannel in, long position, long count, FileChannel out) throws IOException {
        long done = 0;
        while (done < count) {
            long n = in.transferTo(position + done, count - done, out);
            if (n <= 0) {
                throw new IOException("The part ended early, after " + done + " of " + count + " bytes");
            }
            done += n;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the janitor's
        }
    }
}
