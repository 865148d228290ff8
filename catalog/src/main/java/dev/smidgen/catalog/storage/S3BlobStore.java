package dev.smidgen.catalog.storage;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link BlobStore} on any S3-compatible server (path-style access). */
@ApplicationScoped
public class S3BlobStore implements BlobStore {
    @Inject
    S3Client s3;
    @Inject
    StorageConfig config;

    @Override
    public void put(String key, Path file, String contentType) {
        call(() -> s3.putObject(b -> b.bucket(config.bucket()).key(key).contentType(contentType), RequestBody.fromFile(file)));
    }

    @Override
    public InputStream open(String key, Long first, Long last) {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(config.bucket()).key(key);
        if (first != null || last != null) {
            req.range("bytes=" + (first == null ? "" : first) + "-" + (last == null ? "" : last));
        }
        try {
            return new StorageInputStream(s3.getObject(req.build()));
        } catch (NoSuchKeyException e) {
            throw SmidgenException.notFound("Stored object");
        } catch (S3Exception e) {
            // Some S3-compatible servers answer a missing key with a bare 404 instead of NoSuchKey.
            if (e.statusCode() == 404) {
                throw SmidgenException.notFound("Stored object");
            }
            throw unavailable(e);
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void copy(String fromKey, String toKey) {
        call(() -> s3.copyObject(b -> b.sourceBucket(config.bucket()).sourceKey(fromKey)
                .destinationBucket(config.bucket()).destinationKey(toKey)));
    }

    @Override
    public void delete(String key) {
        call(() -> s3.deleteObject(b -> b.bucket(config.bucket()).key(key)));
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(config.bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw unavailable(e);
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    /** Creates the bucket unless it exists; called once at start-up by the api service. */
    public void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(config.bucket()));
        } catch (S3Exception e) {
            if (e.statusCode() != 404 || !config.createBucket()) {
                throw unavailable(e);
            }
            s3.createBucket(b -> b.bucket(config.bucket()));
        }
    }

    private static void call(Runnable action) {
        try {
            action.run();
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    static SmidgenException unavailable(SdkException e) {
        // Storage errors are transient from a task's point of view: the same write can succeed later.
        return SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "Object storage failed: " + e.getMessage(), e);
    }
}
