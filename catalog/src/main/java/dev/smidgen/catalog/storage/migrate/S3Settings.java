package dev.smidgen.catalog.storage.migrate;

import dev.smidgen.catalog.storage.S3Config;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The services' S3 settings outside Quarkus: the same {@code SMIDGEN_S3_*} environment variables with
 * the same defaults as {@code META-INF/microprofile-config.properties} and {@link S3Config} (the
 * embedded S3 server of {@code SMIDGEN_STORAGE_KIND=s3 ./smidgen up}), and a client set up like the
 * services' {@code quarkus.s3.*} one: path-style requests, static credentials, the Apache HTTP client.
 */
public record S3Settings(String endpoint, String region, String accessKey, String secretKey, String bucket, boolean createBucket)
        implements S3Config {

    /** Reads {@code SMIDGEN_S3_ENDPOINT}, {@code _REGION}, {@code _ACCESS_KEY}, {@code _SECRET_KEY}, {@code _BUCKET}, {@code _CREATE_BUCKET}. */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        return new S3Settings(
                value(env, "SMIDGEN_S3_ENDPOINT", "http://127.0.0.1:18333"),
                value(env, "SMIDGEN_S3_REGION", "us-east-1"),
                value(env, "SMIDGEN_S3_ACCESS_KEY", "smidgen"),
                value(env, "SMIDGEN_S3_SECRET_KEY", "smidgen-secret"),
                value(env, "SMIDGEN_S3_BUCKET", "smidgen"),
                Boolean.parseBoolean(value(env, "SMIDGEN_S3_CREATE_BUCKET", "true").toLowerCase(Locale.ROOT)));
    }

    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    public S3Presigner presigner() {
        return S3Presigner.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
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
