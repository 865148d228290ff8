package dev.smidgen.catalog.storage;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link BlobStore} on any S3-compatible server (path-style access). Files go up in one PutObject
 * or, above {@code smidgen.s3.multipart-threshold}, as a parallel multipart upload read straight
 * from the file (see {@link S3Transfers}); a staged file whose key is known early goes up while it is
 * written ({@link S3StagedObject}).
 */
public class S3BlobStore implements BlobStore {

    private final S3Client s3;
    private final S3Presigner presigner;
    /** Signs the URLs handed to clients outside the deployment: {@link S3Config#publicEndpoint()}. */
    private final S3Presigner clientPresigner;

    private final String bucket;
    private final boolean createBucket;
    private final S3Transfers transfers;
    private final Path stagingDir;

    public S3BlobStore(S3Client s3, S3Presigner presigner, S3Config config, Path stagingDir) {
        this(s3, presigner, presigner, config, stagingDir);
    }

    public S3BlobStore(
            S3Client s3, S3Presigner presigner, S3Presigner clientPresigner, S3Config config, Path stagingDir) {
        this(
                s3,
                presigner,
                clientPresigner,
                config.bucket(),
                config.createBucket(),
                S3TransferSettings.of(config),
                stagingDir);
    }

    public S3BlobStore(
            S3Client s3,
            S3Presigner presigner,
            String bucket,
            boolean createBucket,
            S3TransferSettings transfers,
            Path stagingDir) {
        this(s3, presigner, presigner, bucket, createBucket, transfers, stagingDir);
    }

    private S3BlobStore(
            S3Client s3,
            S3Presigner presigner,
            S3Presigner clientPresigner,
            String bucket,
            boolean createBucket,
            S3TransferSettings transfers,
            Path stagingDir) {
        this.s3 = s3;
        this.presigner = presigner;
        this.clientPresigner = clientPresigner;
        this.bucket = bucket;
        this.createBucket = createBucket;
        this.transfers = new S3Transfers(s3, bucket, transfers);
        this.stagingDir = stagingDir.toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, Path file, String contentType) {
        StorageSpans.write("put", "s3", key, () -> putObject(key, file, contentType));
    }

    private void putObject(String key, Path file, String contentType) {
        StorageKeys.check(key);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw SmidgenException.transientFailure(
                    ErrorCode.UNAVAILABLE, "Storing " + key + " failed: " + e.getMessage(), e);
        }
        call(() -> transfers.put(key, file, size, contentType));
    }

    @Override
    public InputStream open(String key, Long first, Long last) {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(bucket).key(StorageKeys.check(key));
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
            if (e.statusCode() == 416) {
                long size = size(key);
                if (size == 0 && (first == null || first == 0)) {
                    // S3 has no satisfiable range of an empty object; the filesystem store answers "nothing", and so
                    // does this.
                    return InputStream.nullInputStream();
                }
                throw StoreErrors.rangeNotSatisfiable(key, size);
            }
            throw unavailable(e);
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    /**
     * Copies inside the bucket. The source's size decides how (one CopyObject is limited to 5 GiB),
     * so a copy costs a HEAD first; copies are rare (a file moved or replaced), and the HEAD also
     * tells a missing source apart from a failure.
     */
    @Override
    public void copy(String fromKey, String toKey) {
        StorageSpans.write("copy", "s3", toKey, () -> copyObject(fromKey, toKey));
    }

    private void copyObject(String fromKey, String toKey) {
        StorageKeys.check(fromKey);
        StorageKeys.check(toKey);
        HeadObjectResponse source = head(fromKey);
        if (source == null) {
            throw SmidgenException.notFound("Stored object");
        }
        if (fromKey.equals(toKey)) {
            return; // S3 refuses a copy onto itself that changes nothing; the object is already there
        }
        try {
            transfers.copy(fromKey, toKey, source.contentLength(), source.contentType());
        } catch (NoSuchKeyException e) {
            throw SmidgenException.notFound("Stored object");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw SmidgenException.notFound("Stored object");
            }
            throw unavailable(e);
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void delete(String key) {
        StorageKeys.check(key);
        call(() -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public boolean exists(String key) {
        return head(key) != null;
    }

    @Override
    public long size(String key) {
        HeadObjectResponse head = head(key);
        if (head == null) {
            throw SmidgenException.notFound("Stored object");
        }
        return head.contentLength();
    }

    @Override
    public Stream<String> keys(String prefix) {
        StorageKeys.checkPrefix(prefix);
        try {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key);
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public StagedObject stage(String name) {
        StorageKeys.checkStageName(name);
        try {
            Files.createDirectories(stagingDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the staging directory " + stagingDir, e);
        }
        return new S3StagedObject(stagingDir.resolve(name), this, transfers);
    }

    @Override
    public String readLocation(String key, Duration validFor) {
        StorageKeys.check(key);
        if (!exists(key)) {
            throw SmidgenException.notFound("Stored object");
        }
        return presigner
                .presignGetObject(b -> b.signatureDuration(validFor)
                        .getObjectRequest(g -> g.bucket(bucket).key(key)))
                .url()
                .toString();
    }

    /** A presigned GET: signing is local, so this asks the server nothing. */
    @Override
    public Optional<URI> httpReadUrl(String key, Duration validFor) {
        StorageKeys.check(key);
        try {
            return Optional.of(presigner
                    .presignGetObject(b -> b.signatureDuration(validFor)
                            .getObjectRequest(g -> g.bucket(bucket).key(key)))
                    .url()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The presigner made an unreadable URL for " + key, e);
        }
    }

    /**
     * A presigned GET on the client endpoint whose response headers S3 sets from the signed
     * {@code response-content-type} and {@code response-cache-control} parameters.
     */
    @Override
    public Optional<URI> clientReadUrl(String key, Duration validFor, String contentType, String cacheControl) {
        StorageKeys.check(key);
        try {
            return Optional.of(clientPresigner
                    .presignGetObject(b -> b.signatureDuration(validFor)
                            .getObjectRequest(g -> g.bucket(bucket)
                                    .key(key)
                                    .responseContentType(contentType)
                                    .responseCacheControl(cacheControl)))
                    .url()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The presigner made an unreadable URL for " + key, e);
        }
    }

    @Override
    public Optional<Path> localFile(String key) {
        StorageKeys.check(key);
        return Optional.empty();
    }

    @Override
    public boolean isLocal() {
        return false;
    }

    /** Creates the bucket unless it exists. */
    @Override
    public void prepare() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404 || !createBucket) {
                throw unavailable(e);
            }
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public void check() {
        call(() -> s3.headBucket(b -> b.bucket(bucket)));
    }

    @Override
    public int sweepStaged(Duration idleFor) {
        return StagedFiles.sweep(stagingDir, idleFor, false);
    }

    /** The object's metadata, or null when there is none. */
    private HeadObjectResponse head(String key) {
        StorageKeys.check(key);
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw unavailable(e);
        } catch (SdkException e) {
            throw unavailable(e);
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
