package dev.smidgen.catalog.storage;

import java.nio.file.Path;
import java.util.List;

/**
 * The multipart side of object storage, for uploads that arrive in pieces: parts are numbered from
 * 1, may be sent in any order or again, and become one object only on {@link #complete}.
 */
public interface MultipartStore {
    /** Starts a multipart upload at {@code key}; returns its upload id. */
    String create(String key, String contentType);

    /** Stores one part from a local file; returns the part's ETag. */
    String uploadPart(String key, String uploadId, int partNumber, Path file);

    /** Stores one part as a byte range ({@code first}..{@code last} inclusive) of an existing object. */
    String copyPart(String key, String uploadId, int partNumber, String sourceKey, long first, long last);

    /** Joins the parts, in part-number order, into the object. */
    void complete(String key, String uploadId, List<CompletedPart> parts);

    /** Drops an unfinished upload and its parts; an unknown upload id is not an error. */
    void abort(String key, String uploadId);

    /** A part as {@link #complete} needs it. */
    record CompletedPart(int number, String etag) {
    }
}
