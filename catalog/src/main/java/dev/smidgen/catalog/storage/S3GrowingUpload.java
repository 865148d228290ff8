package dev.smidgen.catalog.storage;

import dev.smidgen.model.uploads.PartSizing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A multipart upload fed from a file that is still being written: each part goes up as soon as its
 * bytes are on disk ({@link #available}), read from the file (never held in memory), at most
 * {@code partsInFlight} at a time; {@link #complete} sends the rest once the file is whole. Nobody sees
 * the object before {@link #complete} succeeds. Every way out but success aborts the upload after its
 * parts in flight have ended, so that no part is left stored (S3 would keep, and bill, them).
 */
final class S3GrowingUpload implements S3EarlyUpload {
    private static final Logger LOG = Logger.getLogger(S3GrowingUpload.class);
    private static final String PART_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final Executor workers;
    private final int partsInFlight;
    private final String key;
    private final String contentType;
    private final String uploadId;
    private final Path file;
    private final long partSize;

    // Guarded by this.
    private final List<String> etags = new ArrayList<>();
    private int partsReady;
    private int partsStarted;
    private int partsRunning;
    private int partsDone;
    private long finalSize = -1;
    private RuntimeException failure;
    private boolean ended;

    S3GrowingUpload(
            S3Client s3,
            String bucket,
            Executor workers,
            int partsInFlight,
            String key,
            String contentType,
            String uploadId,
            Path file,
            long partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.workers = workers;
        this.partsInFlight = partsInFlight;
        this.key = key;
        this.contentType = contentType;
        this.uploadId = uploadId;
        this.file = file;
        this.partSize = partSize;
    }

    /** Whether publishing {@code key} with {@code contentType} can complete this upload (rather than store the file anew). */
    @Override
    public synchronized boolean isFor(String key, String contentType) {
        return failure == null && !ended && this.key.equals(key) && this.contentType.equals(contentType);
    }

    /** The first {@code length} bytes of the file are final: sends every whole part among them. */
    @Override
    public synchronized void available(long length) {
        if (ended || failure != null) {
            return;
        }
        long whole = length / partSize;
        if (whole > PartSizing.MAX_PARTS) {
            // Bigger than the part size allows (the source sent more than it announced): publishing stores the file
            // anew.
            failure = new IllegalStateException(
                    key + " outgrew " + PartSizing.MAX_PARTS + " parts of " + partSize + " bytes");
            return;
        }
        partsReady = Math.max(partsReady, (int) whole);
        startParts();
    }

    /**
     * Sends what is left of the file, now {@code size} bytes and complete, waits for every part and
     * completes the upload: the object is then stored under the key. On failure (a part that failed,
     * a file that does not fit the parts already sent) the upload is aborted and the failure thrown.
     */
    @Override
    public void complete(long size) {
        List<CompletedPart> parts;
        synchronized (this) {
            if (ended) {
                throw new IllegalStateException("The upload of " + key + " has ended");
            }
            long count = Math.max(1, (size + partSize - 1) / partSize);
            if (size == 0 || count > PartSizing.MAX_PARTS || size < partsStarted * partSize) {
                failure = firstOf(
                        failure,
                        new IllegalStateException(key + " is " + size + " bytes, which its parts of " + partSize
                                + " bytes (" + partsStarted + " sent) cannot make up"));
            } else {
                finalSize = size;
                partsReady = (int) count;
                startParts();
            }
            awaitParts((int) count);
            ended = true;
            if (failure != null) {
                abortQuietly(failure);
                throw failure;
            }
            parts = new ArrayList<>((int) count);
            for (int i = 0; i < count; i++) {
                parts.add(CompletedPart.builder()
                        .partNumber(i + 1)
                        .eTag(etags.get(i))
                        .build());
            }
        }
        try {
            s3.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            abortQuietly(e);
            throw e;
        }
    }

    /** Stops sending, waits for the parts in flight and aborts the upload; nothing of it stays stored. */
    @Override
    public void abort() {
        synchronized (this) {
            if (ended) {
                return;
            }
            failure = firstOf(failure, new IllegalStateException("aborted"));
            awaitParts(partsStarted);
            ended = true;
        }
        abortQuietly(null);
    }

    // Holding the lock: starts ready parts while fewer than partsInFlight run.
    private void startParts() {
        while (failure == null && partsStarted < partsReady && partsRunning < partsInFlight) {
            int number = ++partsStarted;
            long offset = PartSizing.partOffset(number, partSize);
            long length = finalSize < 0 ? partSize : Math.min(partSize, finalSize - offset);
            partsRunning++;
            etags.add(null);
            workers.execute(() -> send(number, offset, length));
        }
    }

    private void send(int number, long offset, long length) {
        String etag = null;
        RuntimeException error = null;
        try {
            etag = s3.uploadPart(
                            b -> b.bucket(bucket)
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(number)
                                    .contentLength(length),
                            RequestBody.fromContentProvider(new FileSlice(file, offset, length), length, PART_TYPE))
                    .eTag();
        } catch (RuntimeException e) {
            error = e;
        } catch (Error e) {
            error = new IllegalStateException(e);
        }
        synchronized (this) {
            partsRunning--;
            if (error != null) {
                failure = firstOf(failure, error);
            } else {
                etags.set(number - 1, etag);
                partsDone++;
            }
            startParts();
            notifyAll();
        }
    }

    // Holding the lock: waits until no part runs and, unless one failed, the first `count` have gone up.
    private void awaitParts(int count) {
        boolean interrupted = false;
        while (partsRunning > 0 || (failure == null && partsDone < count)) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted =
                        true; // the abort must come after the parts in flight: keep waiting, they end on their own
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void abortQuietly(Throwable cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
            // Its parts stay stored until a bucket lifecycle rule for incomplete uploads removes them.
            LOG.warnf("Could not abort the multipart upload %s of %s: %s", uploadId, key, e.getMessage());
        }
    }

    private static RuntimeException firstOf(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        if (first != next) {
            first.addSuppressed(next);
        }
        return first;
    }
}
