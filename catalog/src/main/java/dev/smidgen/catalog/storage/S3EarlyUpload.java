package dev.smidgen.catalog.storage;

/**
 * An upload of a staged file that starts while the file is still being written ({@link S3StagedObject}):
 * a multipart upload fed part by part ({@link S3GrowingUpload}) or one streamed PutObject
 * ({@link S3GrowingPut}). Either way nobody sees the object before {@link #complete} succeeds, and
 * every other way out leaves nothing stored.
 */
interface S3EarlyUpload {
    /** Whether publishing {@code key} with {@code contentType} can complete this upload (rather than store the file anew). */
    boolean isFor(String key, String contentType);

    /** The first {@code length} bytes of the file are final. */
    void available(long length);

    /**
     * The file is whole at {@code size} bytes: sends what is left and stores the object under the key.
     * On failure nothing is stored and the failure is thrown.
     */
    void complete(long size);

    /** Stops sending and waits for what is in flight; nothing of the upload stays stored. */
    void abort();
}
