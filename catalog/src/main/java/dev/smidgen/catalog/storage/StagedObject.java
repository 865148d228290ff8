package dev.smidgen.catalog.storage;

import java.nio.file.Path;

/**
 * A new object while it is being written: bytes go to {@link #file()}, and nobody sees them under a
 * key until {@link #publish}. On the filesystem store the file sits next to the objects, so publishing
 * is an fsync and a rename; on S3 it is a local file that publishing uploads.
 *
 * <p>A writer that fills the file front to back (a download) may tell the store how far it got
 * ({@link #written}) and where the object will probably go ({@link #expect}), so that the store
 * starts on the bytes while the rest is still coming: the filesystem store writes them to disk, so
 * that publishing's fsync only waits for the last few; the S3 store uploads them part by part. Both
 * are only hints: what is published, where and when, stays as {@link #publish} says.
 */
public interface StagedObject {
    /** Where the bytes go; the parent directory exists. */
    Path file();

    /**
     * Says that the first {@code length} bytes of {@link #file()} are written and will not change. A
     * length below an earlier one means the file was started over: whatever the store did with the old
     * bytes is dropped. Cheap, and it never blocks for I/O: call it after every write.
     */
    default void written(long length) {}

    /**
     * Whether this store would start storing an object of {@code expectedSize} bytes (-1: not known)
     * while it is written, once told where it goes ({@link #expect}). Finding that out may cost the
     * writer work (a probe), which is wasted where this is false.
     */
    default boolean storesEarly(long expectedSize) {
        return false;
    }

    /**
     * Says that the object will probably be published as {@code key} with {@code contentType}, about
     * {@code expectedSize} bytes (-1: not known). A store that {@link #storesEarly} starts storing the
     * bytes {@link #written} so far, and the rest as they come, in a way nobody sees under the key until
     * {@link #publish}. Publishing under another key or type, or discarding, is still correct: it only
     * wastes what was sent early. Only the first call counts.
     */
    default void expect(String key, String contentType, long expectedSize) {}

    /** Makes the file's bytes the object at {@code key}, atomically replacing any object there; the file is gone afterwards. */
    void publish(String key, String contentType);

    /** Drops the file, and whatever was stored of it early; nothing happens when it was published or never written. */
    void discard();
}
