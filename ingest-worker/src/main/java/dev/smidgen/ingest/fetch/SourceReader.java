package dev.smidgen.ingest.fetch;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.AddressGuard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Brings an ingest's bytes into a local scratch file, whichever {@link IngestSource} names them,
 * under one byte cap and with one hash, so the rest of the pipeline cannot tell the sources apart.
 */
public final class SourceReader {
    private final AddressGuard guard;
    private final SourceFetcher fetcher;
    private final BlobStore blobs;
    private final FetchLimits limits;
    private final long maxStagedBytes;

    /**
     * {@code limits} bound URL downloads; {@code maxStagedBytes} bounds staged uploads, which were
     * accepted under the upload limit, not the (usually smaller) one for fetching URLs.
     */
    public SourceReader(AddressGuard guard, BlobStore blobs, FetchLimits limits, long maxStagedBytes) {
        if (maxStagedBytes <= 0) {
            throw new IllegalArgumentException("maxStagedBytes must be positive");
        }
        this.guard = Objects.requireNonNull(guard, "guard");
        this.fetcher = new SourceFetcher(guard);
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.maxStagedBytes = maxStagedBytes;
    }

    /** Downloads a URL; see {@link SourceFetcher#fetch} for the failures. */
    FetchResult download(String url, Path target, FetchProgress progress) {
        return fetcher.fetch(guard.checkUrl(url), target, limits, progress);
    }

    /**
     * Copies a staged object. Storage blips are transient {@code UNAVAILABLE}; a missing object is a
     * permanent {@code INTERNAL} failure, an empty one {@code UNSUPPORTED_MEDIA}, an oversized one
     * {@code FILE_TOO_LARGE}. Nothing is left at {@code target} when this throws.
     */
    FetchResult readStaged(String key, Path target, FetchProgress progress) {
        InputStream in = open(key);
        try {
            // The session knows the size, the stream does not: progress is reported without a total.
            BodyCopier.Copied copied = BodyCopier.copy(in, target, maxStagedBytes,
                    total -> progress.received(total, -1), FetchFailures::stagedReadFailed);
            if (copied.size() == 0) {
                throw FetchFailures.stagedEmpty();
            }
            return new FetchResult(copied.size(), copied.sha256(), null, null, null);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        } finally {
            closeQuietly(in);
        }
    }

    private InputStream open(String key) {
        try {
            return blobs.open(key, null, null);
        } catch (SmidgenException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw FetchFailures.stagedMissing();
            }
            throw e;
        }
    }

    // Once the copy saw the end of the object, a failing close cannot take any of its bytes away.
    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing to do: the copy already succeeded or failed on its own.
        }
    }

    private static void deleteQuietly(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException ignored) {
            // Best effort: the original failure is the one worth reporting.
        }
    }
}
