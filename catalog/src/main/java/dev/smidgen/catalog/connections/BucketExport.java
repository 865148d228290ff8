package dev.smidgen.catalog.connections;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

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
                try (InputStream in = blobs.open(key, null, null)) {
                    String etag = client.putObject(
                                    b -> b.bucket(bucket).key(target).contentType(contentType),
                                    RequestBody.fromInputStream(in, size))
                            .eTag();
                    progress.accept(size);
                    return new Copied(size, etag);
                }
            }
            return multipart(key, contentType, size, bucket, target, progress);
        } catch (SdkException e) {
            throw ConnectionObjects.failure(connection, bucket, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Copied multipart(
            String key, String contentType, long size, String bucket, String target, LongConsumer progress)
            throws IOException {
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
                try (InputStream in = blobs.open(key, sent, sent + length - 1)) {
                    String etag = client.uploadPart(
                                    b -> b.bucket(bucket)
                                            .key(target)
                                            .uploadId(uploadId)
                                            .partNumber(part)
                                            .contentLength(length),
                                    RequestBody.fromInputStream(in, length))
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
        } catch (IOException | RuntimeException e) {
            abort(bucket, target, uploadId);
            throw e;
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
