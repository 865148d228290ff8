package dev.smidgen.catalog.storage;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link BlobStore} on a local directory: the object {@code prj_1/clips/a.mp4} is the file
 * {@code {root}/prj_1/clips/a.mp4}, so an operator sees the library as plain files.
 *
 * <p>Objects are never written in place. New bytes go to a file under {@code {root}/.partial/}
 * (same filesystem), are flushed to disk and then renamed over the key's path, and the directory is
 * flushed too: a reader sees the old object or the whole new one, and a crash leaves at most a
 * partial file for the janitor. Because objects are immutable once published, {@link #copy} can be
 * a hard link.
 */
public final class FileSystemStore implements BlobStore {
    /** Staged files; no key can reach it, because keys may not start with a dot. */
    static final String STAGING_DIR = ".partial";

    private final Path root;
    private final Path staging;

    public FileSystemStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(STAGING_DIR);
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, Path file, String contentType) {
        StorageSpans.write("put", "filesystem", key, () -> putFile(key, file, contentType));
    }

    private void putFile(String key, Path file, String contentType) {
        Path target = pathOf(key);
        Path temp = newTempFile();
        try {
            Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
            publish(temp, target, key);
        } catch (IOException e) {
            throw failure("storing " + key, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public InputStream open(String key, Long first, Long last) {
        Path path = pathOf(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw SmidgenException.notFound("Stored object");
        } catch (IOException e) {
            throw failure("opening " + key, e);
        }
        try {
            long size = channel.size();
            long start;
            long end;
            if (first == null && last != null) { // a suffix, as HTTP and S3 read "bytes=-N"
                start = Math.max(0, size - last);
                end = size - 1;
            } else {
                start = first == null ? 0 : first;
                end = last == null ? size - 1 : Math.min(last, size - 1);
            }
            if (start >= size && !(start == 0 && size == 0)) {
                throw StoreErrors.rangeNotSatisfiable(key, size);
            }
            channel.position(start);
            return BoundedInputStream.atMost(Channels.newInputStream(channel), Math.max(0, end - start + 1));
        } catch (IOException e) {
            closeQuietly(channel);
            throw failure("reading " + key, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public void copy(String fromKey, String toKey) {
        StorageSpans.write("copy", "filesystem", toKey, () -> copyFile(fromKey, toKey));
    }

    private void copyFile(String fromKey, String toKey) {
        Path source = pathOf(fromKey);
        Path target = pathOf(toKey);
        if (source.equals(target)) {
            requireFile(source);
            return;
        }
        Path temp = stagingPath("copy-" + UUID.randomUUID());
        try {
            try {
                // Published objects never change, so the copy may share the bytes.
                Files.createLink(temp, source);
            } catch (NoSuchFileException e) {
                throw SmidgenException.notFound("Stored object");
            } catch (UnsupportedOperationException | FileSystemException e) {
                requireFile(source);
                Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            publish(temp, target, toKey);
        } catch (IOException e) {
            throw failure("copying " + fromKey + " to " + toKey, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public void delete(String key) {
        Path path = pathOf(key);
        try {
            Files.deleteIfExists(path);
        } catch (DirectoryNotEmptyException e) {
            return; // a key that is only a folder of other keys holds no object of its own
        } catch (IOException e) {
            throw failure("deleting " + key, e);
        }
        removeEmptyParents(path.getParent());
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(pathOf(key));
    }

    @Override
    public long size(String key) {
        Path path = requireFile(pathOf(key));
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            throw SmidgenException.notFound("Stored object");
        } catch (IOException e) {
            throw failure("reading the size of " + key, e);
        }
    }

    @Override
    public Stream<String> keys(String prefix) {
        StorageKeys.checkPrefix(prefix);
        int lastSlash = prefix.lastIndexOf('/');
        Path dir = lastSlash < 0 ? root : root.resolve(prefix.substring(0, lastSlash));
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try {
            Stream<Path> dirs = lastSlash < 0
                    ? Files.list(root).filter(p -> !p.getFileName().toString().startsWith("."))
                    : Stream.of(dir);
            return dirs.flatMap(FileSystemStore::walk)
                    .filter(Files::isRegularFile)
                    .map(this::keyOf)
                    .filter(key -> key.startsWith(prefix));
        } catch (IOException e) {
            throw failure("listing " + prefix, e);
        }
    }

    @Override
    public StagedObject stage(String name) {
        StorageKeys.checkStageName(name);
        ensureStagingDir();
        return new Staged(staging.resolve(name));
    }

    @Override
    public String readLocation(String key, Duration validFor) {
        return requireFile(pathOf(key)).toString();
    }

    @Override
    public Optional<Path> localFile(String key) {
        Path path = pathOf(key);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    @Override
    public void prepare() {
        try {
            Files.createDirectories(root);
            ensureStagingDir();
        } catch (IOException e) {
            throw failure("creating " + root, e);
        }
        check();
    }

    @Override
    public void check() {
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            throw SmidgenException.transientFailure(
                    ErrorCode.UNAVAILABLE, "The storage directory " + root + " is missing or not writable.", null);
        }
    }

    @Override
    public int sweepStaged(Duration idleFor) {
        return StagedFiles.sweep(staging, idleFor, true);
    }

    /** The file of a key, which can never be outside the root (see {@link StorageKeys}). */
    Path pathOf(String key) {
        Path path = root.resolve(StorageKeys.check(key)).normalize();
        if (!path.startsWith(root) || path.equals(root) || path.startsWith(staging)) {
            throw new IllegalArgumentException("The key leaves the storage directory: " + key);
        }
        return path;
    }

    /** A file under {@code .partial/}, for bytes on their way to becoming an object. */
    Path stagingPath(String name) {
        ensureStagingDir();
        return staging.resolve(name);
    }

    /** Flushes {@code file} and renames it to the key's path, atomically replacing what was there. */
    void publish(Path file, String key) {
        try {
            publish(file, pathOf(key), key);
        } catch (IOException e) {
            throw failure("storing " + key, e);
        }
    }

    private void publish(Path file, Path target, String key) throws IOException {
        force(file, false);
        for (int attempt = 0; ; attempt++) {
            try {
                Files.createDirectories(target.getParent());
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                break;
            } catch (FileAlreadyExistsException | NotDirectoryException | DirectoryNotEmptyException e) {
                throw StoreErrors.folderClash(key);
            } catch (NoSuchFileException e) {
                // A concurrent delete removed the (then empty) folder between the two calls: once more.
                if (attempt > 0 || !Files.exists(file)) {
                    throw e;
                }
            }
        }
        force(target.getParent(), true);
    }

    private Path newTempFile() {
        return stagingPath("put-" + UUID.randomUUID());
    }

    private void ensureStagingDir() {
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw failure("creating " + staging, e);
        }
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeEmptyParents(Path dir) {
        Path d = dir;
        while (d != null && d.startsWith(root) && !d.equals(root)) {
            try {
                Files.delete(d);
            } catch (IOException e) {
                return; // not empty (or already gone): the folders above are not empty either
            }
            d = d.getParent();
        }
    }

    private static Path requireFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw SmidgenException.notFound("Stored object");
        }
        return path;
    }

    /** fsync; for a directory, so that a rename into it survives a crash. */
    static void force(Path path, boolean directory) throws IOException {
        try (FileChannel channel =
                FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            if (!directory) {
                throw e;
            }
            // Some filesystems refuse to open or sync a directory; the file itself is on disk.
        }
    }

    static SmidgenException failure(String what, IOException e) {
        return SmidgenException.transientFailure(
                ErrorCode.UNAVAILABLE, "File storage failed " + what + ": " + e.getMessage(), e);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover in .partial is the janitor's
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was read
        }
    }

    /** A staged file under {@code .partial/}, written to disk as it grows when the writer says how far it got. */
    private final class Staged implements StagedObject {
        private final Path file;
        private final Writeback writeback;

        Staged(Path file) {
            this.file = file;
            this.writeback = new Writeback(file, Writeback.STEP);
        }

        @Override
        public Path file() {
            return file;
        }

        @Override
        public void written(long length) {
            writeback.written(length);
        }

        @Override
        public void expect(String key, String contentType, long expectedSize) {
            pathOf(key); // refused as publish would refuse it; a rename needs no head start
        }

        @Override
        public void publish(String key, String contentType) {
            StorageSpans.write("publish", "filesystem", key, () -> publishFile(key, contentType));
        }

        private void publishFile(String key, String contentType) {
            writeback.finish();
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("Nothing was staged at " + file);
            }
            FileSystemStore.this.publish(file, key);
        }

        @Override
        public void discard() {
            writeback.finish();
            deleteQuietly(file);
        }
    }
}
