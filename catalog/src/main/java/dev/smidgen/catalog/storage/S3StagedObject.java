package dev.smidgen.catalog.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * A staged object of the S3 store: a local file that publishing uploads, as {@link CopiedStagedObject}
 * does, unless the writer said early where it goes ({@link #expect}). Then the file goes up while it
 * is written: as one streamed PutObject to that key when its size is known and allows it
 * ({@link S3GrowingPut}), else as a multipart upload fed part by part ({@link S3GrowingUpload}); and
 * publishing under that key and type only sends the rest and completes it. Publishing anywhere
 * else, or after a part failed, aborts the early upload and uploads the file as usual; discarding
 * aborts it. So the early upload never decides what is stored, only how soon.
 */
final class S3StagedObject implements StagedObject {
    private static final Logger LOG = Logger.getLogger(S3StagedObject.class);

    private final Path file;
    private final S3BlobStore store;
    private final S3Transfers transfers;

    // Guarded by this.
    private long length;
    /** Counts the times the file was started over: an upload begun for an earlier run of it is stale. */
    private int run;

    private boolean expected;
    private boolean closed;
    private S3EarlyUpload early;

    S3StagedObject(Path file, S3BlobStore store, S3Transfers transfers) {
        this.file = file;
        this.store = store;
        this.transfers = transfers;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public void written(long length) {
        S3EarlyUpload dropped = null;
        synchronized (this) {
            if (length < this.length) {
                // Started over: parts already sent may hold bytes the file no longer has.
                dropped = early;
                early = null;
                expected = false;
                run++;
            } else if (early != null) {
                early.available(length);
            }
            this.length = length;
        }
        if (dropped != null) {
            dropped.abort();
        }
    }

    @Override
    public boolean storesEarly(long expectedSize) {
        return transfers.isMultipart(expectedSize);
    }

    @Override
    public void expect(String key, String contentType, long expectedSize) {
        StorageKeys.check(key);
        int forRun;
        synchronized (this) {
            if (closed || expected || !storesEarly(expectedSize)) {
                return;
            }
            expected = true;
            forRun = run;
        }
        S3EarlyUpload upload;
        try {
            upload = transfers.startEarly(key, contentType, file, expectedSize);
        } catch (RuntimeException e) {
            // Not fatal: publishing uploads the file as usual, and reports the store's trouble then if it lasts.
            LOG.warnf("Could not start uploading %s while it is written: %s", key, e.getMessage());
            return;
        }
        boolean stale;
        synchronized (this) {
            // Published, discarded or started over while the upload was being created.
            stale = closed || run != forRun;
            if (!stale) {
                early = upload;
                upload.available(length);
            }
        }
        if (stale) {
            upload.abort();
        }
    }

    @Override
    public void publish(String key, String contentType) {
        StorageSpans.write("publish", "s3", key, () -> publishObject(key, contentType));
    }

    private void publishObject(String key, String contentType) {
        S3EarlyUpload upload = takeEarly();
        if (upload != null) {
            if (upload.isFor(key, contentType)) {
                try {
                    upload.complete(Files.size(file));
                    deleteFile();
                    return;
                } catch (IOException | RuntimeException e) {
                    // Aborted (by complete, or here); the file goes up the usual way, which reports a file that is
                    // gone.
                    upload.abort();
                    LOG.warnf(
                            "The upload of %s while it was written failed (%s); uploading it again",
                            key, e.getMessage());
                }
            } else {
                upload.abort();
            }
        }
        store.put(key, file, contentType);
        deleteFile();
    }

    @Override
    public void discard() {
        S3EarlyUpload upload = takeEarly();
        if (upload != null) {
            upload.abort();
        }
        deleteFile();
    }

    private synchronized S3EarlyUpload takeEarly() {
        S3EarlyUpload upload = early;
        early = null;
        closed = true; // nothing starts after publish or discard
        return upload;
    }

    private void deleteFile() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover is the staged-file janitor's
        }
    }
}
