package dev.smidgen.catalog.storage.migrate;

import dev.smidgen.catalog.storage.S3Config;
import dev.smidgen.catalog.storage.S3PayloadSigning;
import dev.smidgen.catalog.storage.S3Presigners;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The services' S3 settings outside Quarkus: the same {@code SMIDGEN_S3_*} environment variables with
 * the same defaults as {@code META-INF/microprofile-config.properties} and {@link S3Config} (the
 * embedded S3 server of {@code SMIDGEN_STORAGE_KIND=s3 ./smidgen up}), and a client set up like the
 * services' {@code quarkus.s3.*} one: path-style requests, static credentials, the Apache HTTP client,
 * checksums only where required, {@code SMIDGEN_S3_PAYLOAD_SIGNING}.
 */
public record S3Settings(
        String endpoint,
        String region,
        String accessKey,
        String secretKey,
        String bucket,
        boolean createBucket,
        PayloadSigning payloadSigning,
        MemorySize multipartThreshold,
        MemorySize partSize,
        int partsInFlight)
        implements S3Config {
    private static final MemorySizeConverter SIZES = new MemorySizeConverter();

    /** The services' defaults for everything but where the bucket is. */
    public S3Settings(
            String endpoint, String region, String accessKey, String secretKey, String bucket, boolean createBucket) {
        this(
                endpoint,
                region,
                accessKey,
                secretKey,
                bucket,
                createBucket,
                PayloadSigning.AUTO,
                SIZES.convert("64M"),
                SIZES.convert("16M"),
                4);
    }

    /**
     * Reads {@code SMIDGEN_S3_ENDPOINT}, {@code _REGION}, {@code _ACCESS_KEY}, {@code _SECRET_KEY}, {@code _BUCKET},
     * {@code _CREATE_BUCKET}, {@code _PAYLOAD_SIGNING}, {@code _MULTIPART_THRESHOLD}, {@code _PART_SIZE}, {@code _PARTS_IN_FLIGHT}.
     */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        return new S3Settings(
                value(env, "SMIDGEN_S3_ENDPOINT", "http://127.0.0.1:18333"),
                value(env, "SMIDGEN_S3_REGION", "us-east-1"),
                value(env, "SMIDGEN_S3_ACCESS_KEY", "smidgen"),
                value(env, "SMIDGEN_S3_SECRET_KEY", "smidgen-secret"),
                value(env, "SMIDGEN_S3_BUCKET", "smidgen"),
                Boolean.parseBoolean(
                        value(env, "SMIDGEN_S3_CREATE_BUCKET", "true").toLowerCase(Locale.ROOT)),
                PayloadSigning.valueOf(
                        value(env, "SMIDGEN_S3_PAYLOAD_SIGNING", "auto").toUpperCase(Locale.ROOT)),
                SIZES.convert(value(env, "SMIDGEN_S3_MULTIPART_THRESHOLD", "64M")),
                SIZES.convert(value(env, "SMIDGEN_S3_PART_SIZE", "16M")),
                Integer.parseInt(value(env, "SMIDGEN_S3_PARTS_IN_FLIGHT", "4")));
    }

    /** The services' default: a migration copies whole objects and never stores a file while it is written. */
    @Override
    public MemorySize streamedPutMax() {
        return SIZES.convert("5G");
    }

    public S3Client client() {
        return S3PayloadSigning.apply(
                        S3Client.builder()
                                .endpointOverride(URI.create(endpoint))
                                .region(Region.of(region))
                                .credentialsProvider(credentials())
                                .forcePathStyle(true)
                                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                                .httpClientBuilder(ApacheHttpClient.builder()),
                        payloadSigning)
                .build();
    }

    public S3Presigner presigner() {
        return S3Presigners.at(URI.create(endpoint), this);
    }

    /** The migration hands no URL to a client. */
    @Override
    public Optional<String> publicEndpoint() {
        return Optional.empty();
    }

    /** Where the objects are, for people; never the credentials. */
    public String describe() {
        return "S3 bucket " + bucket + " at " + endpoint;
    }

    @Override
    public String toString() {
        return describe() + " (region " + region + ", access key " + accessKey + ")";
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
