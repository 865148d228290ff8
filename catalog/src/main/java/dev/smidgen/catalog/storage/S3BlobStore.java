package dev.smidgen.catalog.storage;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** {@link BlobStore} on any S3-compatible server (path-style access). */
public class S3BlobStore implements BlobStore {
    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Config config;
    private final Path stagingDir;

    public S3BlobStore(S3Client s3, S3Presigner presigner, S3Config config, Path stagingDir) {
        this.s3 = s3;
        this.presigner = presigner;
        this.config = config;
        this.stagingDir = stagingDir.toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, Path file, String contentType) {
        StorageKeys.check(key);
        call(() -> s3.putObject(b -> b.bucket(config.bucket()).key(key).contentType(contentType), RequestBody.fromFile(file)));
    }

    @Override
    public InputStream open(String key, Long first, Long last) {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(config.bucket()).key(StorageKeys.check(key));
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
                throw StoreErrors.rangeNotSatisfiable(key, size(key));
            }
            throw unavailable(e);
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void copy(String fromKey, String toKey) {
        StorageKeys.check(fromKey);
        StorageKeys.check(toKey);
        try {
            s3.copyObject(b -> b.sourceBucket(config.bucket()).sourceKey(fromKey).destinationBucket(config.bucket()).destinationKey(toKey));
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
        call(() -> s3.deleteObject(b -> b.bucket(config.bucket()).key(key)));
    }

    @Override
    public boolean exists(String key) {
        return head(key) >= 0;
    }

    @Override
    public long size(String key) {
        long size = head(key);
        if (size < 0) {
            throw SmidgenException.notFound("Stored object");
        }
        return size;
    }

    @Override
    public Stream<String> keys(String prefix) {
        StorageKeys.checkPrefix(prefix);
        try {
            return s3.listObjectsV2Paginator(b -> b.bucket(config.bucket()).prefix(prefix)).contents().stream().map(S3Object::key);
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public StagedObject stage(String name) {
        if (name == null || !STAGE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A staging name uses letters, digits, '.', '_' and '-' (at most 200): " + name);
        }
        try {
            Files.createDirectories(stagingDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the staging directory " + stagingDir, e);
        }
        Path file = stagingDir.resolve(name);
        return new StagedObject() {
            @Override
            public Path file() {
                return file;
            }

            @Override
            public void publish(String key, String contentType) {
                put(key, file, contentType);
                discard();
            }

            @Override
            public void discard() {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the janitor's
                }
            }
        };
    }

    @Override
    public String readLocation(String key, Duration validFor) {
        StorageKeys.check(key);
        if (!exists(key)) {
            throw SmidgenException.notFound("Stored object");
        }
        return presigner.presignGetObject(b -> b.signatureDuration(validFor)
                .getObjectRequest(g -> g.bucket(config.bucket()).key(key))).url().toString();
    }

    @Override
    public Optional<Path> localFile(String key) {
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
            s3.headBucket(b -> b.bucket(config.bucket()));
        } catch (S3Exception e) {
            if (e.statusCode() != 404 || !config.createBucket()) {
                throw unavailable(e);
            }
            s3.createBucket(b -> b.bucket(config.bucket()));
        }
    }

    @Override
    public void check() {
        call(() -> s3.headBucket(b -> b.bucket(config.bucket())));
    }

    @Override
    public int sweepStaged(Duration idleFor) {
        if (!Files.isDirectory(stagingDir)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(idleFor);
        int removed = 0;
        try (Stream<Path> files = Files.list(stagingDir)) {
            for (Path p : files.toList()) {
                if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "Sweeping " + stagingDir + " failed: " + e.getMessage(), e);
        }
        return removed;
    }

    /** The object's size, or -1 when there is none. */
    private long head(String key) {
        StorageKeys.check(key);
        try {
            return s3.headObject(b -> b.bucket(config.bucket()).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            return -1;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return -1;
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
