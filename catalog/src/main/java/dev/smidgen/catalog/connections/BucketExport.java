package dev.smidgen.catalog.connections;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Copies a stored object to an object of a user's bucket: one PutObject up to
 * {@link ExportParts#SINGLE_PUT_MAX}, else a multipart upload whose parts are read from the store
 * one range at a time (nothing is staged on disk), aborted on any failure so that no part stays
 * billed in the user's bucket.
 */
public final class BucketExport {
    private static final Logger LOG = Logger.getLogger(BucketExport.class);

    /** What a copy left in the bucket. */
    public record Copied(long size, String etag) {}

    private final BlobStore blobs;
    private final S3Client client;
    private final ConnectionEntity connection;

    public BucketExport(BlobStore blobs, S3Client client, ConnectionEntity connection) {
        this.blobs = blobs;
        this.client = client;
        this.connection = connection;
    }

    /**
     * Copies the stored object {@code key} to {@code bucket}/{@code target}; {@code progress} hears
     * the bytes sent so far.
     *
     * @throws SmidgenException as {@link ConnectionObjects#failure}, or the store's own failure
     */
    public Copied copy(String key, String contentType, String bucket, String target, LongConsumer progress) {
        long size = blobs.size(key);
        try {
            if (!ExportParts.multipart(size)) {
                try (StoreRange body = new StoreRange(key, 0, size)) {
                    String etag = client.putObject(
                                    b -> b.bucket(bucket).key(target).contentType(contentType),
                                    body.requestBody(contentType))
                            .eTag();
                    progress.accept(size);
                    return new Copied(size, etag);
                }
            }
            return multipart(key, contentType, size, bucket, target, progress);
        } catch (SdkException e) {
            throw diagnose(bucket, e);
        }
    }

    /**
     * What a failed transfer means. A storage that refuses a request may do so while the body is
     * still being sent, and the client then sees a broken pipe, not the 403 or 404: so a failure
     * without an answer is followed by a HEAD of the bucket, and a refusal of that is the reason
     * given. Keys that may write but not HEAD the bucket are told apart only by the message.
     */
    private SmidgenException diagnose(String bucket, SdkException e) {
        if (!(e instanceof S3Exception)) {
            try {
                client.headBucket(b -> b.bucket(bucket));
            } catch (S3Exception refused) {
                SmidgenException reason = ConnectionErrors.of(connection, bucket, refused);
                if (reason.code() != ErrorCode.CONNECTION_UNREACHABLE) {
                    return reason;
                }
            } catch (SdkException unanswered) {
                // The storage is unreachable after all: the transfer's own failure says so.
            }
        }
        return ConnectionObjects.failure(connection, bucket, e);
    }

    private Copied multipart(
            String key, String contentType, long size, String bucket, String target, LongConsumer progress) {
        String uploadId = client.createMultipartUpload(
                        b -> b.bucket(bucket).key(target).contentType(contentType))
                .uploadId();
        try {
            long partSize = ExportParts.partSize(size);
            List<CompletedPart> parts = new ArrayList<>();
            long sent = 0;
            for (int number = 1; sent < size; number++) {
                long length = Math.min(partSize, size - sent);
                int part = number;
                try (StoreRange body = new StoreRange(key, sent, length)) {
                    String etag = client.uploadPart(
                                    b -> b.bucket(bucket)
                                            .key(target)
                                            .uploadId(uploadId)
                                            .partNumber(part)
                                            .contentLength(length),
                                    body.requestBody("application/octet-stream"))
                            .eTag();
                    parts.add(
                            CompletedPart.builder().partNumber(part).eTag(etag).build());
                }
                sent += length;
                progress.accept(sent);
            }
            String etag = client.completeMultipartUpload(
                            b -> b.bucket(bucket).key(target).uploadId(uploadId).multipartUpload(m -> m.parts(parts)))
                    .eTag();
            return new Copied(size, etag);
        } catch (RuntimeException e) {
            abort(bucket, target, uploadId);
            throw e;
        }
    }

    /**
     * A range of a stored object as a request body the SDK can read more than once: each attempt
     * (the SDK retries some failures, and re-sends after some refusals) opens the range anew, where
     * a plain stream cannot be rewound once read past its mark.
     */
    private final class StoreRange implements ContentStreamProvider, AutoCloseable {
        private final String key;
        private final long first;
        private final long length;
        private InputStream current;

        StoreRange(String key, long first, long length) {
            this.key = key;
            this.first = first;
            this.length = length;
        }

        RequestBody requestBody(String contentType) {
            return RequestBody.fromContentProvider(this, length, contentType);
        }

        @Override
        public InputStream newStream() {
            close();
            current = blobs.open(key, first, first + length - 1);
            return current;
        }

        @Override
        public void close() {
            if (current != null) {
                try {
                    current.close();
                } catch (IOException e) {
                    // A range that was read, or abandoned for a new attempt: nothing of it is needed.
                }
                current = null;
            }
        }
    }

    private void abort(String bucket, String target, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(target).uploadId(uploadId));
        } catch (SdkException e) {
            // The bucket's lifecycle rules are the last resort; say which upload is left.
            LOG.warnf(
                    "abort of multipart upload %s of s3://%s/%s via %s failed: %s",
                    uploadId, bucket, target, connection.id, e.getMessage());
        }
    }
}
