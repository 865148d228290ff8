package dev.smidgen.catalog.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The S3 client: the builder the Quarkus extension configured from {@code quarkus.s3.*}, plus
 * what the extension has no setting for, {@code smidgen.s3.payload-signing}. Checksums are the
 * extension's {@code quarkus.s3.checksum-validation=false} (see microprofile-config.properties),
 * which the SDK turns into "calculate and validate only when the operation requires it".
 * Application-scoped, so a service on the filesystem store never builds it.
 */
@ApplicationScoped
public class S3ClientProducer {
    private static final Logger LOG = Logger.getLogger(S3ClientProducer.class);

    @Produces
    @ApplicationScoped
    S3Client s3Client(S3ClientBuilder builder, S3Config config) {
        LOG.infof(
                "S3 client for %s: payload signing %s",
                config.endpoint(), config.payloadSigning().name().toLowerCase(java.util.Locale.ROOT));
        return S3PayloadSigning.apply(builder, config.payloadSigning()).build();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }
}
