package dev.smidgen.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the tests see of the stack's store, looked at from outside the services: the files under the
 * media directory, or the objects in the bucket. Tests assert on keys, so neither store can keep an
 * object a failed task should have removed.
 */
abstract class StoredObjects {
    /** Every object key under a project's prefix, sorted. */
    abstract List<String> keys(String projectId);

    abstract byte[] read(String key);

    /** Writes an object behind the services' back (a corrupt input, a replaced upload). */
    abstract void write(String key, byte[] bytes);

    /** The staged (unpublished) files the store holds: what a finished request or task must not leave. */
    abstract List<String> staged();

    static StoredObjects of(dev.smidgen.devstack.Devstack infra) {
        return infra.usesS3() ? new InBucket(infra) : new InDirectory(infra.mediaDir());
    }

    /** The filesystem store: {@code {root}/{key}}, staged files under {@code {root}/.partial}. */
    static final class InDirectory extends StoredObjects {
        private final Path root;

        InDirectory(Path root) {
            this.root = root;
        }

        @Override
        List<String> keys(String projectId) {
            Path dir = root.resolve(projectId);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile)
                        .map(f -> root.relativize(f).toString().replace('\\', '/'))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        byte[] read(String key) {
            try {
                return Files.readAllBytes(root.resolve(key));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void write(String key, byte[] bytes) {
            try {
                Path file = root.resolve(key);
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        List<String> staged() {
            Path partial = root.resolve(".partial");
            if (!Files.isDirectory(partial)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(partial)) {
                return files.filter(Files::isRegularFile)
                        .map(f -> partial.relativize(f).toString())
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The S3 store, read with a client of the tests' own. */
    static final class InBucket extends StoredObjects {
        private final S3Client s3;
        private final String bucket;

        InBucket(dev.smidgen.devstack.Devstack infra) {
            bucket = infra.s3Bucket();
            s3 = S3Client.builder()
                    .endpointOverride(URI.create(infra.s3Endpoint()))
                    .region(Region.of(infra.s3Region()))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(infra.s3AccessKey(), infra.s3SecretKey())))
                    .forcePathStyle(true)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }

        S3Client client() {
            return s3;
        }

        @Override
        List<String> keys(String projectId) {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(projectId + "/")).contents().stream()
                    .map(S3Object::key)
                    .sorted()
                    .toList();
        }

        @Override
        byte[] read(String key) {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        }

        @Override
        void write(String key, byte[] bytes) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        }

        @Override
        List<String> staged() {
            // Unfinished multipart uploads are S3's staged bytes.
            return s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().stream()
                    .map(u -> u.key() + "#" + u.uploadId())
                    .sorted()
                    .toList();
        }
    }
}
