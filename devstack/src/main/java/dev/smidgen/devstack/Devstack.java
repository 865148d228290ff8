package dev.smidgen.devstack;

import dev.smidgen.devstack.Preflight.LocalPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Running infrastructure for Smidgen without Docker: PostgreSQL (in-process), Kafka and, when the services use S3, s3proxy (child JVMs),
 * each started only when not provided externally and each checked for readiness before {@link #start} returns.
 */
public final class Devstack implements AutoCloseable {

    private final Path dataDir;
    /** Replaced by {@link #restartPostgres} after a {@link #crashPostgres}; null when external. */
    private volatile PostgresServer postgres;
    /** Replaced by {@link #restartKafka} after a {@link #crashKafka}; null when external. */
    private volatile KafkaNode kafka;

    private final S3Server s3;
    private final DevstackOptions options;
    private final long readyMillis;
    private final Supplier<PostgresServer> postgresStart;
    private final Supplier<KafkaNode> kafkaStart;
    private boolean closed;

    private Devstack(
            DevstackOptions options,
            PostgresServer postgres,
            KafkaNode kafka,
            S3Server s3,
            long readyMillis,
            Supplier<PostgresServer> postgresStart,
            Supplier<KafkaNode> kafkaStart) {
        this.options = options;
        this.dataDir = options.dataDir();
        this.postgres = postgres;
        this.kafka = kafka;
        this.s3 = s3;
        this.readyMillis = readyMillis;
        this.postgresStart = postgresStart;
        this.kafkaStart = kafkaStart;
    }

    /**
     * Starts Kafka and S3 in the background, Postgres in this thread, and returns when all answer. On failure
     * whatever did start is stopped again and the exception names the component and the end of its log.
     */
    public static Devstack start(DevstackOptions options) {
        long started = System.nanoTime();
        Path dataDir = options.dataDir();
        Path logs = dataDir.resolve("logs");
        Path agentDir = dataDir.resolve("run");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logs, e);
        }
        boolean embeddedPg = options.externalPostgres() == null;
        boolean embeddedKafka = options.externalKafkaBootstrap() == null;
        boolean embeddedS3 = options.storage() == DevstackOptions.Storage.S3 && options.externalS3() == null;

        // Resolve every port before anything starts, so a taken fixed port fails fast and readably.
        int pgPort = embeddedPg ? fixedOrRandom(options.postgresPort(), LocalPort.POSTGRES) : -1;
        int kafkaPort = embeddedKafka ? fixedOrRandom(options.kafkaPort(), LocalPort.KAFKA) : -1;
        int controllerPort =
                embeddedKafka ? fixedOrRandom(options.kafkaControllerPort(), LocalPort.KAFKA_CONTROLLER) : -1;
        int s3Port = embeddedS3 ? fixedOrRandom(options.s3Port(), LocalPort.S3) : -1;
        Artifacts artifacts = embeddedKafka || embeddedS3 ? Artifacts.locate() : null;

        // Also how the chaos suite brings a crashed Kafka or Postgres back: same ports, same data.
        Supplier<KafkaNode> kafkaStart = () -> {
            KafkaNode node = KafkaNode.launch(
                    dataDir.resolve("kafka"),
                    kafkaPort,
                    controllerPort,
                    logs.resolve("kafka.log"),
                    artifacts,
                    agentDir);
            node.awaitReady(options.startTimeout());
            return node;
        };
        Supplier<PostgresServer> postgresStart =
                () -> PostgresServer.start(dataDir.resolve("postgres"), pgPort, logs.resolve("postgres.log"));
        Deque<AutoCloseable> startedParts = new ArrayDeque<>();
        ExecutorService background = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "devstack-start");
            thread.setDaemon(true);
            return thread;
        });
        Future<KafkaNode> kafka = background.submit(() -> {
            if (!embeddedKafka) {
                return null;
            }
            return remember(startedParts, kafkaStart.get());
        });
        Future<S3Server> s3 = background.submit(() -> {
            if (!embeddedS3) {
                return null;
            }
            S3Server server = remember(
                    startedParts,
                    S3Server.launch(
                            dataDir.resolve("s3"),
                            s3Port,
                            DevstackOptions.DEFAULT_BUCKET,
                            logs.resolve("s3.log"),
                            artifacts,
                            agentDir));
            server.awaitReady(options.startTimeout());
            return server;
        });
        background.shutdown();
        try {
            PostgresServer pg = embeddedPg ? remember(startedParts, postgresStart.get()) : null;
            Devstack stack = new Devstack(
                    options, pg, join(kafka), join(s3), Log.millisSince(started), postgresStart, kafkaStart);
            Log.info("devstack", "infrastructure ready in %d ms (data in %s)", stack.readyMillis, dataDir);
            return stack;
        } catch (RuntimeException e) {
            // No reason here: the exception carries it, and ./smidgen up prints it last.
            Log.warn("devstack", "start failed, stopping what was started");
            // Interrupt the other start-ups and let them settle before stopping what they launched.
            kafka.cancel(true);
            s3.cancel(true);
            awaitQuietly(background);
            closeAll(startedParts);
            throw e;
        }
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the infrastructure", e);
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            executor.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Crashes the embedded Kafka (SIGKILL), for the chaos suite: the services lose their broker until
     * {@link #restartKafka}.
     */
    public synchronized void crashKafka() {
        requireEmbedded(kafka, "Kafka");
        kafka.crash();
    }

    /** Starts the embedded Kafka again after {@link #crashKafka}, on its ports and data; returns once it is ready. */
    public synchronized void restartKafka() {
        requireEmbedded(kafka, "Kafka");
        kafka.crash(); // a no-op for a dead process; releases its pipe
        kafka = kafkaStart.get();
    }

    /** Crashes the embedded Postgres (immediate shutdown), for the chaos suite, until {@link #restartPostgres}. */
    public synchronized void crashPostgres() {
        requireEmbedded(postgres, "Postgres");
        postgres.crash();
    }

    /** Starts the embedded Postgres again after {@link #crashPostgres} (crash recovery runs); returns once it answers. */
    public synchronized void restartPostgres() {
        requireEmbedded(postgres, "Postgres");
        postgres.crash(); // a no-op for a crashed one; releases the data directory of one that died by itself
        postgres = postgresStart.get();
    }

    /**
     * From now on, restarts the embedded Postgres or Kafka when it dies on its own ({@link InfraSupervisor});
     * {@link #close} ends the watch. What {@link #crashKafka}/{@link #crashPostgres} end stays down until
     * restarted by the caller only when this was not called.
     */
    public void supervise() {
        new InfraSupervisor(this).start();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Whether the embedded Postgres is ours and not running (its postmaster is gone). */
    synchronized boolean postgresDied() {
        return !closed && postgres != null && !postgres.isRunning();
    }

    /** Whether the embedded Kafka is ours and its process is gone. */
    synchronized boolean kafkaDied() {
        return !closed && kafka != null && !kafka.process().isAlive();
    }

    private void requireEmbedded(Object part, String name) {
        if (closed || part == null) {
            throw new IllegalStateException(name + " is " + (closed ? "stopped" : "external") + ": not ours to crash");
        }
    }

    /** Pid of the embedded Postgres' postmaster, or empty (external, or not running). */
    public Optional<Long> postgresPid() {
        PostgresServer pg = postgres;
        return pg == null ? Optional.empty() : pg.postmasterPid();
    }

    /** The environment variables that point a Smidgen service at this infrastructure. */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", dbUser());
        env.put("QUARKUS_DATASOURCE_PASSWORD", dbPassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
        env.put("SMIDGEN_CONNECTIONS_SECRET_KEY", connectionsKey());
        if (usesS3()) {
            env.put("SMIDGEN_STORAGE_KIND", "s3");
            env.put("SMIDGEN_S3_ENDPOINT", s3Endpoint());
            env.put("SMIDGEN_S3_ACCESS_KEY", s3AccessKey());
            env.put("SMIDGEN_S3_SECRET_KEY", s3SecretKey());
            env.put("SMIDGEN_S3_BUCKET", s3Bucket());
            env.put("SMIDGEN_S3_REGION", s3Region());
            if (s3 != null) {
                // The embedded s3proxy listens on loopback only, where nobody else can alter a request body:
                // signing every body over its plain http would cost a SHA-256 of every stored byte for nothing.
                env.put("SMIDGEN_S3_PAYLOAD_SIGNING", "never");
            }
        } else {
            env.put("SMIDGEN_STORAGE_KIND", "filesystem");
            env.put("SMIDGEN_STORAGE_ROOT", mediaDir().toString());
        }
        return env;
    }

    public String jdbcUrl() {
        return postgres != null
                ? postgres.jdbcUrl()
                : options.externalPostgres().jdbcUrl();
    }

    public String dbUser() {
        return postgres != null
                ? PostgresServer.USER
                : options.externalPostgres().user();
    }

    public String dbPassword() {
        return postgres != null
                ? PostgresServer.PASSWORD
                : options.externalPostgres().password();
    }

    public String kafkaBootstrap() {
        return kafka != null ? kafka.bootstrap() : options.externalKafkaBootstrap();
    }

    /** Whether the services keep media in S3 (embedded s3proxy or external) rather than under {@link #mediaDir()}. */
    public boolean usesS3() {
        return options.storage() == DevstackOptions.Storage.S3;
    }

    /** The filesystem store's root: every object is a file below it. */
    /**
     * The key that seals the secret keys of connections (smidgen.connections.secret-key): 32 random
     * bytes in base64, made on the first run and kept in the data directory, owner-readable only,
     * because connections stored under it are unreadable under any other.
     */
    public String connectionsKey() {
        Path file = dataDir.resolve("connections-key");
        try {
            if (Files.isRegularFile(file)) {
                String key = Files.readString(file).trim();
                if (!key.isEmpty()) {
                    return key;
                }
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String key = Base64.getEncoder().encodeToString(bytes);
            Files.createDirectories(dataDir);
            Files.writeString(file, key + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    public Path mediaDir() {
        return dataDir.resolve("media");
    }

    public String s3Endpoint() {
        requireS3();
        return s3 != null ? s3.endpoint() : options.externalS3().endpoint();
    }

    public String s3AccessKey() {
        requireS3();
        return s3 != null ? S3Server.ACCESS_KEY : options.externalS3().accessKey();
    }

    public String s3SecretKey() {
        requireS3();
        return s3 != null ? S3Server.SECRET_KEY : options.externalS3().secretKey();
    }

    public String s3Bucket() {
        requireS3();
        return s3 != null
                ? DevstackOptions.DEFAULT_BUCKET
                : options.externalS3().bucket();
    }

    public String s3Region() {
        requireS3();
        return s3 != null
                ? DevstackOptions.DEFAULT_REGION
                : options.externalS3().region();
    }

    public Path dataDir() {
        return dataDir;
    }

    private void requireS3() {
        if (!usesS3()) {
            throw new IllegalStateException("This stack keeps media under " + mediaDir() + ", not in S3");
        }
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    /** How long {@link #start} took until everything answered. */
    public long readyMillis() {
        return readyMillis;
    }

    /** Pids of the embedded Kafka and S3 child JVMs (for diagnostics and tests); empty when external. */
    public Map<String, Long> childPids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (kafka != null) {
            pids.put("kafka", kafka.process().pid());
        }
        if (s3 != null) {
            pids.put("s3", s3.process().pid());
        }
        return pids;
    }

    /** A human-readable summary of the coordinates, one per line. */
    public String describe() {
        return String.join(
                System.lineSeparator(),
                "  Postgres  " + jdbcUrl() + "  (user " + dbUser() + ", password " + dbPassword() + ")"
                        + external(postgres),
                "  Kafka     " + kafkaBootstrap() + external(kafka),
                usesS3()
                        ? "  S3        " + s3Endpoint() + "  bucket " + s3Bucket() + ", region " + s3Region()
                                + ", access key " + s3AccessKey() + ", secret key " + s3SecretKey() + external(s3)
                        : "  Media     " + mediaDir() + "  (files on this machine; SMIDGEN_STORAGE_KIND=s3 for S3)");
    }

    /** Stops Kafka and S3 (in parallel, they are independent), then Postgres. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        CompletableFuture<Void> kafkaStop =
                CompletableFuture.runAsync(() -> closeQuietly(kafka), Devstack::daemonThread);
        closeQuietly(s3);
        kafkaStop.join();
        closeQuietly(postgres);
        Log.info("devstack", "infrastructure stopped in %d ms", Log.millisSince(started));
    }

    private static String external(Object embedded) {
        return embedded == null ? "  [external]" : "";
    }

    private static int fixedOrRandom(int port, LocalPort role) {
        if (port == 0) {
            return Ports.pickFree();
        }
        Ports.requireFree(port, role);
        return port;
    }

    private static <T extends AutoCloseable> T remember(Deque<AutoCloseable> started, T part) {
        synchronized (started) {
            started.push(part);
        }
        return part;
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        synchronized (started) {
            while (!started.isEmpty()) {
                closeQuietly(started.pop());
            }
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            Log.warn("devstack", "stopping %s failed: %s", part.getClass().getSimpleName(), e.getMessage());
        }
    }

    private static void daemonThread(Runnable runnable) {
        Thread thread = new Thread(runnable, "devstack-stop");
        thread.setDaemon(true);
        thread.start();
    }
}
