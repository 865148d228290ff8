package dev.smidgen.catalog.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Picks the store named by {@code smidgen.storage.kind} at start-up. The S3 client and presigner
 * are lazy beans: with the filesystem store they are never built, so no S3 setting matters then.
 */
@ApplicationScoped
public class Stores {
    private static final Logger LOG = Logger.getLogger(Stores.class);

    @Inject
    StorageConfig config;

    @Inject
    S3Config s3Config;

    @Inject
    S3Client s3;

    @Inject
    S3Presigner presigner;

    private FileSystemStore fileSystem;

    @Produces
    @ApplicationScoped
    BlobStore blobStore() {
        return switch (config.kind()) {
            case FILESYSTEM -> fileSystem();
            case S3 -> {
                LOG.infof("Storage: S3 bucket %s at %s", s3Config.bucket(), s3Config.endpoint());
                yield new S3BlobStore(s3, presigner, clientPresigner(), s3Config, stagingDir());
            }
        };
    }

    @Produces
    @ApplicationScoped
    MultipartStore multipartStore() {
        return switch (config.kind()) {
            case FILESYSTEM -> new FileSystemMultipartStore(fileSystem());
            case S3 -> new S3MultipartStore(s3, s3Config);
        };
    }

    /** The presigner of URLs for clients: the service's own unless a public endpoint is set. */
    private S3Presigner clientPresigner() {
        return s3Config.publicEndpoint()
                .map(endpoint -> {
                    LOG.infof("Storage: URLs for clients name %s", endpoint);
                    return S3Presigners.at(URI.create(endpoint), s3Config);
                })
                .orElse(presigner);
    }

    private synchronized FileSystemStore fileSystem() {
        if (fileSystem == null) {
            Path root = config.root()
                    .orElseThrow(
                            () -> new IllegalStateException(
                                    "smidgen.storage.root (SMIDGEN_STORAGE_ROOT) must name a directory when smidgen.storage.kind=filesystem"));
            fileSystem = new FileSystemStore(root);
            LOG.infof("Storage: files under %s", fileSystem.root());
        }
        return fileSystem;
    }

    private Path stagingDir() {
        return config.stagingDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "smidgen-staging"));
    }
}
