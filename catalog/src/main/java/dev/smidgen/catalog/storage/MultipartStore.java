package dev.smidgen.catalog.storage;

import java.nio.file.Path;
import java.util.List;

/**
 * The upload side of object storage, for bytes that arrive over time: parts are numbered from 1, may
 * be sent in any order or again, and become one object only on {@link #complete}; a part, or a whole
 * object of known size, may also be sent while its bytes are still arriving ({@link BodySource}).
 */
public interface MultipartStore {
    /** The largest object one request may store (S3's PutObject limit, 5 GiB). */
    long MAX_SINGLE_PUT = S3TransferSettings.MAX_SINGLE_REQUEST;

    /** Starts a multipart upload at {@code key}; returns its upload id. */
    String create(String key, String contentType);

    /** Stores one part from a local file; returns the part's ETag. */
    String uploadPart(String key, String uploadId, int partNumber, Path file);

    /**
     * Stores one part of exactly {@code length} bytes read from {@code body} as they arrive; returns the
     * part's ETag. A body that fails or ends short leaves the part number as it was.
     */
    String uploadPart(String key, String uploadId, int partNumber, BodySource body, long length);

    /**
     * Stores an object of exactly {@code length} bytes (at most {@link #MAX_SINGLE_PUT}) read from
     * {@code body} as they arrive, in one request, replacing any object at {@code key}. A body that
     * fails or ends short stores nothing: the key keeps what it had.
     */
    void putObject(String key, BodySource body, long length, String contentType);

    /** Stores one part as a byte range ({@code first}..{@code last} inclusive) of an existing object. */
    String copyPart(String key, String uploadId, int partNumber, String sourceKey, long first, long last);

    /** Joins the parts, in part-number order, into the object. */
    void complete(String key, String uploadId, List<CompletedPart> parts);

    /** Drops an unfinished upload and its parts; an unknown upload id is not an error. */
    void abort(String key, String uploadId);

    /** A part as {@link #complete} needs it. */
    record CompletedPart(int number, String etag) {}
}
