package dev.smidgen.catalog.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one port to where media bytes live: a directory on this machine ({@link FileSystemStore}, the
 * embedded default) or an S3-compatible bucket ({@link S3BlobStore}, for fleets). Both give the same
 * answers and errors: a missing object is {@code NOT_FOUND}, a storage failure a transient
 * {@code UNAVAILABLE}, and a key outside {@link StorageKeys}' rules is refused before any I/O.
 *
 * <p>New objects are written once: a writer asks for a {@link StagedObject}, fills its local file,
 * and publishes it under its key (a rename on the filesystem, an upload to S3). Readers that can use
 * a path or URL (FFmpeg) get one from {@link #readLocation} instead of a copy.
 */
public interface BlobStore {
    /** Stores a copy of a local file under {@code key}, replacing any object there. */
    void put(String key, Path file, String contentType);

    /**
     * Opens an object, or a byte range of it ({@code first}/{@code last} inclusive, null for open
     * ends). The caller closes the stream.
     */
    InputStream open(String key, Long first, Long last);

    void copy(String fromKey, String toKey);

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String key);

    boolean exists(String key);

    /** The object's size in bytes; {@code NOT_FOUND} when there is none. */
    long size(String key);

    /** Every key starting with {@code prefix}, in no particular order; the caller closes the stream. */
    Stream<String> keys(String prefix);

    /** Deletes every object whose key starts with {@code prefix} (a package of many objects); returns how many. */
    default int deleteAll(String prefix) {
        List<String> listed;
        try (Stream<String> keys = keys(prefix)) {
            listed = keys.toList();
        }
        listed.forEach(this::delete);
        return listed.size();
    }

    /**
     * A local file for a new object's bytes, named so that the same {@code name} (a task or upload
     * session id) finds the same file again from another request or after a restart of this service.
     */
    StagedObject stage(String name);

    /** Where a local program such as FFmpeg reads the object: a file path, or a URL valid for {@code validFor}. */
    String readLocation(String key, Duration validFor);

    /**
     * A URL that an HTTP client GETs the object from, ranges included, valid for {@code validFor}.
     * Unlike {@link #readLocation} it does not ask the store whether the object exists (a missing
     * one answers 404 there), so it costs no round trip. Empty for a store without such URLs: its
     * objects are read with {@link #open}, or from {@link #localFile}.
     */
    default Optional<URI> httpReadUrl(String key, Duration validFor) {
        StorageKeys.check(key);
        return Optional.empty();
    }

    /**
     * A URL that a client outside the deployment GETs the object from, valid for {@code validFor},
     * whose response carries {@code contentType} and {@code cacheControl} (the headers delivery would
     * send). Like {@link #httpReadUrl} it asks the store nothing. Empty for a store whose objects
     * clients cannot reach (the filesystem store: delivery sends those itself, zero-copy).
     */
    default Optional<URI> clientReadUrl(String key, Duration validFor, String contentType, String cacheControl) {
        StorageKeys.check(key);
        return Optional.empty();
    }

    /** The object's own file when this store keeps objects on this machine's disk (zero-copy delivery). */
    Optional<Path> localFile(String key);

    /** Whether writes publish by renaming into place: appending to one staged file is then the cheapest way to resume. */
    boolean isLocal();

    /** One-time set-up at start-up (the bucket, the root directory). */
    void prepare();

    /** Throws when the store cannot be reached; the readiness check. */
    void check();

    /**
     * Removes staged files nobody has written for {@code idleFor} (left by a crash or a client that
     * never came back); returns how many went.
     */
    int sweepStaged(Duration idleFor);
}
