package dev.smidgen.catalog.storage;

import java.nio.file.Path;

/**
 * A new object while it is being written: bytes go to {@link #file()}, and nobody sees them under a
 * key until {@link #publish}. On the filesystem store the file sits next to the objects, so publishing
 * is an fsync and a rename; on S3 it is a local file that publishing uploads.
 */
public interface StagedObject {
    /** Where the bytes go; the parent directory exists. */
    Path file();

    /** Makes the file's bytes the object at {@code key}, atomically replacing any object there; the file is gone afterwards. */
    void publish(String key, String contentType);

    /** Drops the file; nothing happens when it was published or never written. */
    void discard();
}
