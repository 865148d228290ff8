package dev.smidgen.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Devstack#start} should run: data directory, ports (0 = pick a free one) and which components
 * the user provides externally instead.
 */
public final class DevstackOptions {

    /** Fixed ports of the local stack started by {@code ./smidgen up}. */
    public static final int LOCAL_POSTGRES_PORT = 15432;
    public static final int LOCAL_KAFKA_PORT = 19092;
    public static final int LOCAL_KAFKA_CONTROLLER_PORT = 19093;
    public static final int LOCAL_S3_PORT = 18333;
    public static final String DEFAULT_BUCKET = "smidgen";
    public static final String DEFAULT_REGION = "us-east-1";

    private final Path dataDir;
    private int postgresPort;
    private int kafkaPort;
    private int kafkaControllerPort;
    private int s3Port;
    private Duration startTimeout = Duration.ofSeconds(90);

    private ExternalPostgres externalPostgres;
    private String externalKafkaBootstrap;
    private ExternalS3 externalS3;

    private DevstackOptions(Path dataDir) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
    }

    /** All components embedded, each on a random free port: for tests. */
    public static DevstackOptions randomPorts(Path dataDir) {
        return new DevstackOptions(dataDir);
    }

    /** All components embedded on the fixed local ports (Postgres 15432, Kafka 19092/19093, S3 18333). */
    public static DevstackOptions localPorts(Path dataDir) {
        return new DevstackOptions(dataDir)
                .postgresPort(LOCAL_POSTGRES_PORT)
                .kafkaPort(LOCAL_KAFKA_PORT)
                .kafkaControllerPort(LOCAL_KAFKA_CONTROLLER_PORT)
                .s3Port(LOCAL_S3_PORT);
    }

    /**
     * Applies the developer's overrides: {@code SMIDGEN_DB_URL} (+ {@code _USER}, {@code _PASSWORD}),
     * {@code SMIDGEN_KAFKA_BOOTSTRAP} and {@code SMIDGEN_S3_ENDPOINT} (+ {@code _ACCESS_KEY}, {@code _SECRET_KEY},
     * {@code _BUCKET}, {@code _REGION}) replace the embedded component; {@code SMIDGEN_PG_PORT},
     * {@code SMIDGEN_KAFKA_PORT}, {@code SMIDGEN_KAFKA_CONTROLLER_PORT}, {@code SMIDGEN_S3_PORT} move it.
     */
    public DevstackOptions applyEnvironment(Map<String, String> env) {
        String dbUrl = env.get("SMIDGEN_DB_URL");
        if (present(dbUrl)) {
            externalPostgres(dbUrl, env.getOrDefault("SMIDGEN_DB_USER", PostgresServer.USER),
                    env.getOrDefault("SMIDGEN_DB_PASSWORD", PostgresServer.PASSWORD));
        }
        String bootstrap = env.get("SMIDGEN_KAFKA_BOOTSTRAP");
        if (present(bootstrap)) {
            externalKafka(bootstrap);
        }
        String endpoint = env.get("SMIDGEN_S3_ENDPOINT");
        if (present(endpoint)) {
            externalS3(endpoint, env.getOrDefault("SMIDGEN_S3_ACCESS_KEY", ""), env.getOrDefault("SMIDGEN_S3_SECRET_KEY", ""),
                    env.getOrDefault("SMIDGEN_S3_BUCKET", DEFAULT_BUCKET), env.getOrDefault("SMIDGEN_S3_REGION", DEFAULT_REGION));
        }
        postgresPort = intOr(env, "SMIDGEN_PG_PORT", postgresPort);
        kafkaPort = intOr(env, "SMIDGEN_KAFKA_PORT", kafkaPort);
        kafkaControllerPort = intOr(env, "SMIDGEN_KAFKA_CONTROLLER_PORT", kafkaControllerPort);
        s3Port = intOr(env, "SMIDGEN_S3_PORT", s3Port);
        return this;
    }

    public DevstackOptions postgresPort(int port) {
        this.postgresPort = port;
        return this;
    }

    public DevstackOptions kafkaPort(int port) {
        this.kafkaPort = port;
        return this;
    }

    public DevstackOptions kafkaControllerPort(int port) {
        this.kafkaControllerPort = port;
        return this;
    }

    public DevstackOptions s3Port(int port) {
        this.s3Port = port;
        return this;
    }

    /** Upper bound for each component to become ready (default 90 s). */
    public DevstackOptions startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /** Use this database instead of starting embedded Postgres. */
    public DevstackOptions externalPostgres(String jdbcUrl, String user, String password) {
        this.externalPostgres = new ExternalPostgres(jdbcUrl, user, password);
        return this;
    }

    /** Use this Kafka instead of starting the embedded broker. */
    public DevstackOptions externalKafka(String bootstrapServers) {
        this.externalKafkaBootstrap = bootstrapServers;
        return this;
    }

    /** Use this S3 endpoint instead of starting s3proxy (the bucket must exist there). */
    public DevstackOptions externalS3(String endpoint, String accessKey, String secretKey, String bucket, String region) {
        this.externalS3 = new ExternalS3(endpoint, accessKey, secretKey, bucket, region);
        return this;
    }

    public Path dataDir() {
        return dataDir;
    }

    int postgresPort() {
        return postgresPort;
    }

    int kafkaPort() {
        return kafkaPort;
    }

    int kafkaControllerPort() {
        return kafkaControllerPort;
    }

    int s3Port() {
        return s3Port;
    }

    Duration startTimeout() {
        return startTimeout;
    }

    ExternalPostgres externalPostgres() {
        return externalPostgres;
    }

    String externalKafkaBootstrap() {
        return externalKafkaBootstrap;
    }

    ExternalS3 externalS3() {
        return externalS3;
    }

    record ExternalPostgres(String jdbcUrl, String user, String password) {
    }

    record ExternalS3(String endpoint, String accessKey, String secretKey, String bucket, String region) {
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static int intOr(Map<String, String> env, String key, int fallback) {
        String value = env.get(key);
        if (!present(value)) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a port number, got '" + value + "'", e);
        }
    }
}
