package dev.smidgen.catalog.storage;

import java.io.InputStream;
import java.nio.file.Path;

/** The one narrow port to object storage, so S3, MinIO and s3proxy are interchangeable. */
public interface BlobStore {
    /** Stores a local file under {@code key}, replacing any object there. */
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
}
