package dev.smidgen.catalog.storage;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigners built outside the Quarkus extension, set up like its {@code quarkus.s3.*} one (path-style,
 * static credentials): one naming another endpoint than the services use (the public endpoint that
 * clients reach), and the migration command's.
 */
public final class S3Presigners {
    private S3Presigners() {}

    /** A presigner whose URLs name {@code endpoint}, with the region and credentials of {@code config}. */
    public static S3Presigner at(URI endpoint, S3Config config) {
        return S3Presigner.builder()
                .endpointOverride(endpoint)
                .region(Region.of(config.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.accessKey(), config.secretKey())))
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }
}
