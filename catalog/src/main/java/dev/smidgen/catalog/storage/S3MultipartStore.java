package dev.smidgen.catalog.storage;

import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.uploads.PartSizing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link MultipartStore} on any S3-compatible server, with the filesystem store's answers: an
 * unknown upload is {@code NOT_FOUND} ("Upload"), a part list naming a part that was not stored
 * (or with another ETag) is {@code INVALID_REQUEST} ("parts"), a missing copy source {@code NOT_FOUND}.
 */
public class S3MultipartStore implements MultipartStore {
    private static final String PART_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;

    public S3MultipartStore(S3Client s3, S3Config config) {
        this(s3, config.bucket());
    }

    public S3MultipartStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public String create(String key, String contentType) {
        StorageKeys.check(key);
        return call(
                () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType))
                        .uploadId());
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, Path file) {
        StorageKeys.check(key);
        checkPartNumber(partNumber);
        return call(() -> s3.uploadPart(
                        b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                        RequestBody.fromFile(file))
                .eTag());
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, BodySource body, long length) {
        StorageKeys.check(key);
        checkPartNumber(partNumber);
        return call(() -> s3.uploadPart(
                        b -> b.bucket(bucket)
                                .key(key)
                                .uploadId(uploadId)
                                .partNumber(partNumber)
                                .contentLength(length),
                        RequestBody.fromContentProvider(streams(body, length), length, PART_TYPE))
                .eTag());
    }

    @Override
    public void putObject(String key, BodySource body, long length, String contentType) {
        StorageKeys.check(key);
        if (length < 0 || length > MAX_SINGLE_PUT) {
            throw new IllegalArgumentException("One request stores 0 to " + MAX_SINGLE_PUT + " bytes, not " + length);
        }
        call(() -> s3.putObject(
                b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(length),
                RequestBody.fromContentProvider(streams(body, length), length, contentType)));
    }

    @Override
    public String copyPart(String key, String uploadId, int partNumber, String sourceKey, long first, long last) {
        StorageKeys.check(key);
        StorageKeys.check(sourceKey);
        checkPartNumber(partNumber);
        return call(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket)
                        .sourceKey(sourceKey)
                        .destinationBucket(bucket)
                        .destinationKey(key)
                        .uploadId(uploadId)
                        .partNumber(partNumber)
                        .copySourceRange("bytes=" + first + "-" + last))
                .copyPartResult()
                .eTag());
    }

    /** Completes with the parts in ascending order, as S3 requires, whatever order the list has. */
    @Override
    public void complete(String key, String uploadId, List<CompletedPart> parts) {
        StorageKeys.check(key);
        CompletedMultipartUpload upload = CompletedMultipartUpload.builder()
                .parts(parts.stream()
                        .sorted(Comparator.comparingInt(CompletedPart::number))
                        .map(p -> software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                                .partNumber(p.number())
                                .eTag(p.etag())
                                .build())
                        .toList())
                .build();
        call(() -> s3.completeMultipartUpload(
                b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(upload)));
    }

    @Override
    public void abort(String key, String uploadId) {
        StorageKeys.check(key);
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException e) {
            // already completed or aborted
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw S3BlobStore.unavailable(e);
            }
        } catch (SdkException e) {
            throw S3BlobStore.unavailable(e);
        }
    }

    /** The SDK's view of a body: a new stream per attempt, each failing rather than ending short. */
    private static ContentStreamProvider streams(BodySource body, long length) {
        return new ContentStreamProvider() {
            private InputStream current;

            @Override
            public synchronized InputStream newStream() {
                closeQuietly(current);
                try {
                    current = BoundedInputStream.exactly(body.open(), length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return current;
            }

            @Override
            public String name() {
                return "BodySource";
            }
        };
    }

    private static void closeQuietly(InputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // the stream of an attempt that ended; nothing reads it any more
            }
        }
    }

    private static void checkPartNumber(int partNumber) {
        if (partNumber < 1 || partNumber > PartSizing.MAX_PARTS) {
            throw new IllegalArgumentException(
                    "Part numbers run from 1 to " + PartSizing.MAX_PARTS + ", not " + partNumber);
        }
    }

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (NoSuchUploadException e) {
            throw SmidgenException.notFound("Upload");
        } catch (NoSuchKeyException e) {
            throw SmidgenException.notFound("Stored object");
        } catch (S3Exception e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if ("NoSuchUpload".equals(code)) {
                throw SmidgenException.notFound("Upload");
            }
            if ("InvalidPart".equals(code) || "InvalidPartOrder".equals(code) || "EntityTooSmall".equals(code)) {
                throw SmidgenException.invalid(
                        "parts",
                        "The parts do not form an object: "
                                + e.awsErrorDetails().errorMessage());
            }
            if (e.statusCode() == 404) {
                throw SmidgenException.notFound("Stored object");
            }
            if ("InvalidRange".equals(code) || e.statusCode() == 416) {
                throw SmidgenException.invalid("range", "The range is outside the source object.");
            }
            throw S3BlobStore.unavailable(e);
        } catch (SdkException e) {
            throw S3BlobStore.unavailable(e);
        }
    }
}
