package dev.smidgen.ingest.fetch;

import dev.smidgen.catalog.connections.BucketObject;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.AddressGuard;
import dev.smidgen.model.net.SourceUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Brings an ingest's bytes where they can be probed, whichever {@link IngestSource} names them, under
 * one byte cap and with one hash, so the rest of the pipeline cannot tell the sources apart: a URL is
 * downloaded into the file it is given (the store's staged file, which becomes the object), a staged
 * upload is measured and hashed where it is, without a copy.
 */
public final class SourceReader {
    private final SourceFetcher fetcher;
    private final BlobStore blobs;
    private final FetchLimits limits;
    private final long maxStagedBytes;
    private final BucketReader buckets;

    /**
     * {@code limits} bound URL downloads; {@code maxStagedBytes} bounds staged uploads, which were
     * accepted under the upload limit, not the (usually smaller) one for fetching URLs.
     */
    public SourceReader(AddressGuard guard, BlobStore blobs, FetchLimits limits, long maxStagedBytes) {
        if (maxStagedBytes <= 0) {
            throw new IllegalArgumentException("maxStagedBytes must be positive");
        }
        this.fetcher = new SourceFetcher(guard);
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.maxStagedBytes = maxStagedBytes;
        this.buckets = null;
    }

    private SourceReader(
            SourceFetcher fetcher, BlobStore blobs, FetchLimits limits, long maxStagedBytes, BucketReader buckets) {
        this.fetcher = fetcher;
        this.blobs = blobs;
        this.limits = limits;
        this.maxStagedBytes = maxStagedBytes;
        this.buckets = buckets;
    }

    /**
     * This reader, able to read objects of users' buckets too; a reader without {@code buckets}
     * refuses {@code s3://} sources.
     */
    public SourceReader withBuckets(BucketReader buckets) {
        return new SourceReader(fetcher, blobs, limits, maxStagedBytes, Objects.requireNonNull(buckets, "buckets"));
    }

    /** Opens an object of a user's bucket through a connection of the project (in production {@code ConnectionObjects#open}). */
    @FunctionalInterface
    public interface BucketReader {
        ResponseInputStream<GetObjectResponse> open(String projectId, BucketObject object);
    }

    /**
     * Copies an object of a user's bucket to {@code target}, hashing it on the way, under the URL size
     * limit; an object that ends short of its Content-Length is a transient {@code connection_unreachable}.
     */
    FetchResult readBucket(String projectId, BucketObject object, Path target, FetchProgress progress) {
        if (buckets == null) {
            throw new SmidgenException(ErrorCode.INTERNAL, "This reader cannot read s3:// sources.");
        }
        try (ResponseInputStream<GetObjectResponse> in = buckets.open(projectId, object)) {
            Long declared = in.response().contentLength();
            long expected = declared == null ? -1 : declared;
            if (expected > limits.maxBytes()) {
                throw FetchFailures.tooLarge(limits.maxBytes());
            }
            BodyCopier.Copied copied = BodyCopier.copy(
                    in,
                    target,
                    limits.maxBytes(),
                    total -> progress.received(total, expected),
                    e -> bucketReadFailed(object, e));
            if (copied.size() == 0) {
                throw FetchFailures.empty();
            }
            if (expected >= 0 && copied.size() != expected) {
                throw bucketReadFailed(object, new IOException("read " + copied.size() + " of " + expected + " bytes"));
            }
            String name = object.key().substring(object.key().lastIndexOf('/') + 1);
            return new FetchResult(copied.size(), copied.sha256(), in.response().contentType(), null, name);
        } catch (IOException e) {
            // Closing what was read to its end.
            throw bucketReadFailed(object, e);
        }
    }

    private static SmidgenException bucketReadFailed(BucketObject object, IOException e) {
        return SmidgenException.transientFailure(
                ErrorCode.CONNECTION_UNREACHABLE,
                "Reading " + object.url() + " through connection " + object.connectionId() + " failed: "
                        + e.getMessage(),
                e);
    }

    /** Downloads a URL; see {@link SourceFetcher#fetch} for the failures. */
    FetchResult download(SourceUrl url, Path target, FetchProgress progress) {
        return fetcher.fetch(url, target, limits, progress);
    }

    /**
     * The size and SHA-256 of a staged object, read where it is: nothing is written. The size is the
     * store's; the hash is {@code knownSha256} when the upload service computed it while the bytes came
     * in, else the object is streamed through the hash (with progress against its size). Storage blips
     * are transient {@code UNAVAILABLE}; a missing object is a permanent {@code INTERNAL} failure, an
     * empty one {@code UNSUPPORTED_MEDIA}, an oversized one {@code FILE_TOO_LARGE}.
     *
     * @param knownSha256 lower-case hex SHA-256 of the object, or null
     */
    FetchResult readStaged(String key, String knownSha256, FetchProgress progress) {
        long size = size(key);
        if (size > maxStagedBytes) {
            throw FetchFailures.tooLarge(maxStagedBytes);
        }
        if (size == 0) {
            throw FetchFailures.stagedEmpty();
        }
        String sha256 = knownSha256 != null ? knownSha256 : hash(key, size, progress);
        return new FetchResult(size, sha256, null, null, null);
    }

    private String hash(String key, long size, FetchProgress progress) {
        InputStream in = open(key);
        try {
            BodyCopier.Copied read = BodyCopier.digest(
                    in, maxStagedBytes, total -> progress.received(total, size), FetchFailures::stagedReadFailed);
            if (read.size() != size) {
                // Staged objects never change, so a short read is a connection that ended early.
                throw FetchFailures.stagedReadFailed(new IOException("read " + read.size() + " of " + size + " bytes"));
            }
            return read.sha256();
        } finally {
            closeQuietly(in);
        }
    }

    private long size(String key) {
        try {
            return blobs.size(key);
        } catch (SmidgenException e) {
            throw e.code() == ErrorCode.NOT_FOUND ? FetchFailures.stagedMissing() : e;
        }
    }

    private InputStream open(String key) {
        try {
            return blobs.open(key, null, null);
        } catch (SmidgenException e) {
            throw e.code() == ErrorCode.NOT_FOUND ? FetchFailures.stagedMissing() : e;
        }
    }

    // Once the hash saw the end of the object, a failing close cannot take any of its bytes away.
    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing to do: the read already succeeded or failed on its own.
        }
    }
}
