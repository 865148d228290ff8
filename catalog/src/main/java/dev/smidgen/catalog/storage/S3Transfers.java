package dev.smidgen.catalog.storage;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.uploads.PartSizing;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Big objects into and within the bucket: one request up to a threshold, above it a multipart
 * upload (or copy) whose parts go side by side, {@link S3TransferSettings#partsInFlight()} at a
 * time. A multipart transfer that fails is aborted once its parts in flight have ended, so no
 * stored parts are left behind (S3 would keep, and bill, them until the upload is aborted).
 */
final class S3Transfers {
    private static final Logger LOG = Logger.getLogger(S3Transfers.class);
    private static final String PART_TYPE = "application/octet-stream";
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final S3Client s3;
    private final String bucket;
    private final S3TransferSettings settings;
    // Cached: threads live only while transfers run; each transfer bounds its own parallelism.
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "s3-part-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    S3Transfers(S3Client s3, String bucket, S3TransferSettings settings) {
        this.s3 = s3;
        this.bucket = bucket;
        this.settings = settings;
    }

    /** Stores the {@code size} bytes of {@code file} under {@code key}. */
    void put(String key, Path file, long size, String contentType) {
        if (size <= settings.multipartThreshold()) {
            s3.putObject(
                    b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(size),
                    RequestBody.fromContentProvider(new FileSlice(file, 0, size), size, contentType));
            return;
        }
        long partSize = partSize(key, size, settings.partSize());
        multipart(key, contentType, PartSizing.partCount(size, partSize), (uploadId, number) -> {
            long offset = PartSizing.partOffset(number, partSize);
            long length = Math.min(partSize, size - offset);
            return s3.uploadPart(
                            b -> b.bucket(bucket)
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(number)
                                    .contentLength(length),
                            RequestBody.fromContentProvider(new FileSlice(file, offset, length), length, PART_TYPE))
                    .eTag();
        });
    }

    /**
     * Starts storing {@code file} under {@code key} while it is still being written: as one streamed
     * PutObject when its final size is known and at most {@link S3TransferSettings#streamedPutMax()}
     * (one write on the server, instead of parts it writes and then joins), else as a multipart upload
     * fed part by part.
     */
    S3EarlyUpload startEarly(String key, String contentType, Path file, long expectedSize) {
        if (expectedSize > 0 && expectedSize <= settings.streamedPutMax()) {
            return S3GrowingPut.start(s3, bucket, workers, key, contentType, file, expectedSize);
        }
        return startGrowing(key, contentType, file, partSizeFor(expectedSize));
    }

    /**
     * Starts a multipart upload to {@code key} that is fed from {@code file} while it is still being
     * written (see {@link S3GrowingUpload}), in parts of {@code partSize} bytes.
     */
    S3GrowingUpload startGrowing(String key, String contentType, Path file, long partSize) {
        String uploadId = s3.createMultipartUpload(
                        b -> b.bucket(bucket).key(key).contentType(contentType))
                .uploadId();
        return new S3GrowingUpload(
                s3, bucket, workers, settings.partsInFlight(), key, contentType, uploadId, file, partSize);
    }

    /** Whether an object of {@code size} bytes (-1: not known) goes up in parts rather than in one request. */
    boolean isMultipart(long size) {
        return size < 0 || size > settings.multipartThreshold();
    }

    /** The part size of a multipart upload of {@code size} bytes (-1: not known, then the preferred one). */
    long partSizeFor(long size) {
        return size < 0
                ? settings.partSize()
                : PartSizing.partSize(Math.min(size, PartSizing.MAX_OBJECT), settings.partSize());
    }

    /**
     * Copies {@code fromKey} ({@code size} bytes, {@code contentType}) to {@code toKey}: with one
     * CopyObject up to the copy threshold, above it part by part (UploadPartCopy), as S3 requires
     * for objects over 5 GiB.
     */
    void copy(String fromKey, String toKey, long size, String contentType) {
        if (size <= settings.copyThreshold()) {
            s3.copyObject(b -> b.sourceBucket(bucket)
                    .sourceKey(fromKey)
                    .destinationBucket(bucket)
                    .destinationKey(toKey));
            return;
        }
        long partSize = partSize(toKey, size, settings.copyPartSize());
        multipart(toKey, contentType, PartSizing.partCount(size, partSize), (uploadId, number) -> {
            long first = PartSizing.partOffset(number, partSize);
            long last = Math.min(first + partSize, size) - 1;
            return s3.uploadPartCopy(b -> b.sourceBucket(bucket)
                            .sourceKey(fromKey)
                            .destinationBucket(bucket)
                            .destinationKey(toKey)
                            .uploadId(uploadId)
                            .partNumber(number)
                            .copySourceRange("bytes=" + first + "-" + last))
                    .copyPartResult()
                    .eTag();
        });
    }

    /** Sends one part of an upload and returns its ETag. */
    @FunctionalInterface
    private interface PartSender {
        String send(String uploadId, int partNumber);
    }

    private void multipart(String key, String contentType, int count, PartSender sender) {
        String uploadId = s3.createMultipartUpload(
                        b -> b.bucket(bucket).key(key).contentType(contentType))
                .uploadId();
        try {
            List<CompletedPart> parts = sendParts(uploadId, count, sender);
            s3.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException | Error e) {
            abortAfterFailure(key, uploadId, e);
            throw e;
        }
    }

    /**
     * Sends parts 1..count, at most {@code partsInFlight} at once, and returns them in part order.
     * On a failure no further part starts, and this returns (throwing the first failure) only when
     * the parts already under way have ended, so that an abort comes after the last of them.
     */
    private List<CompletedPart> sendParts(String uploadId, int count, PartSender sender) {
        ExecutorCompletionService<CompletedPart> done = new ExecutorCompletionService<>(workers);
        CompletedPart[] parts = new CompletedPart[count];
        RuntimeException failure = null;
        boolean interrupted = false;
        int submitted = 0;
        int finished = 0;
        while (finished < submitted || (failure == null && submitted < count)) {
            while (failure == null && submitted < count && submitted - finished < settings.partsInFlight()) {
                int number = ++submitted;
                done.submit(() -> CompletedPart.builder()
                        .partNumber(number)
                        .eTag(sender.send(uploadId, number))
                        .build());
            }
            Future<CompletedPart> next;
            try {
                next = done.take();
            } catch (InterruptedException e) {
                interrupted = true;
                failure = firstOf(
                        failure,
                        SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "Interrupted while sending parts", e));
                continue;
            }
            finished++;
            try {
                CompletedPart part = next.get();
                parts[part.partNumber() - 1] = part;
            } catch (ExecutionException e) {
                failure = firstOf(
                        failure,
                        e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause()));
            } catch (InterruptedException e) {
                interrupted = true; // cannot happen: the future is done
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return Arrays.asList(parts);
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

    private void abortAfterFailure(String key, String uploadId, Throwable failure) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            // Its parts stay stored until a bucket lifecycle rule for incomplete uploads removes them.
            LOG.warnf("Could not abort the failed multipart upload %s of %s: %s", uploadId, key, e.getMessage());
        }
    }

    private static long partSize(String key, long size, long preferred) {
        if (size > PartSizing.MAX_OBJECT) {
            throw new SmidgenException(
                    ErrorCode.FILE_TOO_LARGE,
                    "'" + key + "' would be " + size + " bytes; an S3 object holds at most 5 TiB.");
        }
        return PartSizing.partSize(size, preferred);
    }
}
