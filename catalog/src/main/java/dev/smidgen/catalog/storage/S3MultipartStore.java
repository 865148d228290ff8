package dev.smidgen.catalog.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link MultipartStore} on any S3-compatible server. */
public class S3MultipartStore implements MultipartStore {
    private final S3Client s3;
    private final S3Config config;

    public S3MultipartStore(S3Client s3, S3Config config) {
        this.s3 = s3;
        this.config = config;
    }

    @Override
    public String create(String key, String contentType) {
        return call(() -> s3.createMultipartUpload(b -> b.bucket(config.bucket()).key(key).contentType(contentType)).uploadId());
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, Path file) {
        return call(() -> s3.uploadPart(b -> b.bucket(config.bucket()).key(key).uploadId(uploadId).partNumber(partNumber),
                RequestBody.fromFile(file)).eTag());
    }

    @Override
    public String copyPart(String key, String uploadId, int partNumber, String sourceKey, long first, long last) {
        return call(() -> s3.uploadPartCopy(b -> b.sourceBucket(config.bucket()).sourceKey(sourceKey)
                .destinationBucket(config.bucket()).destinationKey(key).uploadId(uploadId).partNumber(partNumber)
                .copySourceRange("bytes=" + first + "-" + last)).copyPartResult().eTag());
    }

    @Override
    public void complete(String key, String uploadId, List<CompletedPart> parts) {
        CompletedMultipartUpload upload = CompletedMultipartUpload.builder()
                .parts(parts.stream().map(p -> software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                        .partNumber(p.number()).eTag(p.etag()).build()).toList())
                .build();
        call(() -> s3.completeMultipartUpload(b -> b.bucket(config.bucket()).key(key).uploadId(uploadId).multipartUpload(upload)));
    }

    @Override
    public void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(config.bucket()).key(key).uploadId(uploadId));
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

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (SdkException e) {
            throw S3BlobStore.unavailable(e);
        }
    }
}
