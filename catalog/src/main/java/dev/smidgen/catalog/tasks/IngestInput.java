package dev.smidgen.catalog.tasks;

import dev.smidgen.catalog.connections.BucketObject;
import dev.smidgen.model.net.SourceUrl;
import java.util.Map;

/**
 * The {@code input} of an ingest task: what the worker needs to repeat the request exactly. The
 * bytes come from {@code url} or, for an upload, from the staged object of session {@code upload};
 * the rest places and names the result. Absent fields are null and are not stored.
 *
 * @param url              the source to download; null for an upload
 * @param upload           the upload session whose assembled object is the source, or null
 * @param stagedKey        that object's key (the worker accepts only the session's own key)
 * @param overwrite        null when the request could not ask for it (the ingest behind a conversion)
 * @param conditions       the upload's conditions, as the session stores them, checked once probed
 * @param originalFilename the client's name for an uploaded file, a fallback for the media title
 * @param sha256           the uploaded file's SHA-256 (lower-case hex) when the upload service hashed
 *                         every byte on the way in; else the worker hashes the object
 * @param object           the source in the user's own bucket (an {@code s3://} input of the jobs
 *                         generation), read through its connection; null otherwise
 */
public record IngestInput(
        SourceUrl url,
        String upload,
        String stagedKey,
        String folder,
        String filename,
        String title,
        String alias,
        String label,
        Boolean overwrite,
        Map<String, Object> metadata,
        Object conditions,
        String originalFilename,
        String sha256,
        BucketObject object) {

    /** The input of an ingest that only fetches a URL (the one a conversion of a URL waits for). */
    public static IngestInput ofUrl(SourceUrl url) {
        return new IngestInput(url, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The input of an ingest that fetches an object of the user's own bucket. */
    public static IngestInput ofBucket(BucketObject object) {
        return new IngestInput(null, null, null, null, null, null, null, null, null, null, null, null, null, object);
    }

    public boolean overwrites() {
        return Boolean.TRUE.equals(overwrite);
    }
}
