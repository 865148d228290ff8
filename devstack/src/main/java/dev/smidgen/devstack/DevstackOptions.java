package dev.smidgen.devstack;

import dev.smidgen.devstack.Preflight.LocalPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Devstack#start} should run: data directory, ports (0 = pick a free one) and which components
 * the user provides externally instead.
 */
public final class DevstackOptions {

    public static final String DEFAULT_BUCKET = "smidgen";
    public static final String DEFAULT_REGION = "us-east-1";

    private final Path dataDir;
    private Storage storage = Storage.FILESYSTEM;
    private int postgresPort;
    private int kafkaPort;
    private int kafkaControllerPort;
    private int s3Port;
    private Duration startTimeout = Duration.ofSeconds(90);

    private ExternalPostgres externalPostgres;
    private String externalKafkaBootstrap;
    private ExternalS3 externalS3;

    private DevstackOptions(Path dataDir) {
        this.dataDir =
                Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
    }

    /** All components embedded, each on a random free port: for tests. */
    public static DevstackOptions randomPorts(Path dataDir) {
        return new DevstackOptions(dataDir);
    }

    /**
     * The stack of {@code ./smidgen up}: each component embedded on its {@link LocalPort} (moved by
     * {@code SMIDGEN_PG_PORT}, {@code SMIDGEN_KAFKA_PORT}, {@code SMIDGEN_KAFKA_CONTROLLER_PORT},
     * {@code SMIDGEN_S3_PORT}) unless the environment names an external one: {@code SMIDGEN_DB_URL}
     * (+ {@code _USER}, {@code _PASSWORD}), {@code SMIDGEN_KAFKA_BOOTSTRAP}, {@code SMIDGEN_S3_ENDPOINT}
     * (+ {@code _ACCESS_KEY}, {@code _SECRET_KEY}, {@code _BUCKET}, {@code _REGION}). Media go to files
     * under the data directory unless {@code SMIDGEN_STORAGE_KIND=s3} or an S3 endpoint is named.
     */
    public static DevstackOptions local(Path dataDir, Map<String, String> env) {
        DevstackOptions options = new DevstackOptions(dataDir);
        LocalPort.POSTGRES
                .external(env)
                .ifPresentOrElse(
                        url -> options.externalPostgres(
                                url,
                                env.getOrDefault("SMIDGEN_DB_USER", PostgresServer.USER),
                                env.getOrDefault("SMIDGEN_DB_PASSWORD", PostgresServer.PASSWORD)),
                        () -> options.postgresPort(LocalPort.POSTGRES.number(env)));
        LocalPort.KAFKA
                .external(env)
                .ifPresentOrElse(
                        options::externalKafka,
                        () -> options.kafkaPort(LocalPort.KAFKA.number(env))
                                .kafkaControllerPort(LocalPort.KAFKA_CONTROLLER.number(env)));
        LocalPort.S3
                .external(env)
                .ifPresentOrElse(
                        endpoint -> options.externalS3(
                                endpoint,
                                env.getOrDefault("SMIDGEN_S3_ACCESS_KEY", ""),
                                env.getOrDefault("SMIDGEN_S3_SECRET_KEY", ""),
                                env.getOrDefault("SMIDGEN_S3_BUCKET", DEFAULT_BUCKET),
                                env.getOrDefault("SMIDGEN_S3_REGION", DEFAULT_REGION)),
                        () -> options.s3Port(LocalPort.S3.number(env)));
        // Last: an explicit SMIDGEN_STORAGE_KIND=filesystem wins over an S3 endpoint in the environment.
        options.storage(Storage.of(
                env.get("SMIDGEN_STORAGE_KIND"), LocalPort.S3.external(env).isPresent()));
        return options;
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

    /** Where the services keep media: files under the data directory (the default) or S3. */
    public DevstackOptions storage(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
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

    /** Keep media in this S3 endpoint instead of files, and start no s3proxy (the bucket must exist there). */
    public DevstackOptions externalS3(
            String endpoint, String accessKey, String secretKey, String bucket, String region) {
        this.externalS3 = new ExternalS3(endpoint, accessKey, secretKey, bucket, region);
        this.storage = Storage.S3;
        return this;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Storage storage() {
        return storage;
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

    /** The services' store: the embedded stack needs no S3 server unless asked for one. */
    public enum Storage {
        FILESYSTEM,
        S3;

        /** From {@code SMIDGEN_STORAGE_KIND}; naming an S3 endpoint alone means S3. */
        static Storage of(String kind, boolean s3EndpointGiven) {
            if (kind == null || kind.isBlank()) {
                return s3EndpointGiven ? S3 : FILESYSTEM;
            }
            return switch (kind.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "filesystem" -> FILESYSTEM;
                case "s3" -> S3;
                default ->
                    throw new IllegalArgumentException(
                            "SMIDGEN_STORAGE_KIND must be filesystem or s3, not '" + kind + "'");
            };
        }
    }

    record ExternalPostgres(String jdbcUrl, String user, String password) {}

    record ExternalS3(String endpoint, String accessKey, String secretKey, String bucket, String region) {}
}
