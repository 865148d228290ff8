package dev.smidgen.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A single-node Kafka in KRaft mode (broker and controller in one child JVM) on a persistent log directory.
 * The log directory is formatted only on first use; later starts find {@code meta.properties} and keep their data.
 */
final class KafkaNode implements AutoCloseable {

    /** Logged by KafkaRaftServer once the broker is registered and unfenced, i.e. able to serve clients. */
    static final String STARTED_MARKER = "Kafka Server started";

    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms64m",
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");

    private final ChildProcess process;
    private final int port;

    private KafkaNode(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Launches the broker (formatting the storage first if needed); call {@link #awaitReady} before use. */
    static KafkaNode launch(
            Path kafkaDir, int port, int controllerPort, Path logFile, Artifacts artifacts, Path agentDir) {
        long started = System.nanoTime();
        Path logDirs = kafkaDir.resolve("data");
        Path config = kafkaDir.resolve("server.properties");
        Path log4j = kafkaDir.resolve("log4j2.properties");
        try {
            Files.createDirectories(logDirs);
            Files.writeString(config, renderServerProperties(port, controllerPort, logDirs));
            Files.writeString(log4j, LOG4J2_PROPERTIES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Kafka configuration to " + kafkaDir, e);
        }
        List<String> jvm = new ArrayList<>(JVM_OPTIONS);
        jvm.add("-Dlog4j2.configurationFile=" + log4j);

        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            String clusterId = newClusterId();
            Log.info("kafka", "formatting %s (cluster id %s)", logDirs, clusterId);
            ChildProcess format = ChildProcess.java("kafka-format")
                    .jvmOptions(jvm)
                    .arguments(List.of(
                            "-cp",
                            artifacts.kafkaClasspath(),
                            "kafka.tools.StorageTool",
                            "format",
                            "-t",
                            clusterId,
                            "-c",
                            config.toString(),
                            "--standalone"))
                    .workDir(kafkaDir)
                    .logFile(logFile)
                    .agentDir(agentDir)
                    .start();
            int exit = format.waitFor(Duration.ofSeconds(60));
            if (exit != 0) {
                throw format.failure("formatting Kafka storage failed with exit code " + exit);
            }
            Log.info("kafka", "formatted in %d ms", Log.millisSince(started));
        }
        Log.info("kafka", "starting broker+controller on 127.0.0.1:%d (controller %d)", port, controllerPort);
        ChildProcess process = ChildProcess.java("kafka")
                .jvmOptions(jvm)
                .arguments(List.of("-cp", artifacts.kafkaClasspath(), "kafka.Kafka", config.toString()))
                .workDir(kafkaDir)
                .logFile(logFile)
                .agentDir(agentDir)
                .start();
        return new KafkaNode(process, port);
    }

    /** Blocks until the broker logged that it started and accepts connections on its port. */
    void awaitReady(Duration timeout) {
        long started = System.nanoTime();
        process.awaitReady(timeout, 100, () -> process.logContains(STARTED_MARKER) && accepts(port));
        Log.info("kafka", "ready on 127.0.0.1:%d in %d ms", port, Log.millisSince(started));
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    ChildProcess process() {
        return process;
    }

    /** SIGKILL, as a crash: no controlled shutdown, the log segments are recovered at the next start. */
    void crash() {
        boolean alive = process.isAlive();
        process.kill(); // also releases a process that died by itself
        if (alive) {
            Log.info("kafka", "killed (SIGKILL)");
        }
    }

    @Override
    public void close() {
        long started = System.nanoTime();
        // A controlled shutdown of a single node takes a few seconds; SIGKILL only if it hangs.
        process.stop(Duration.ofSeconds(30));
        Log.info("kafka", "stopped in %d ms", Log.millisSince(started));
    }

    /** server.properties for one combined broker/controller listening on loopback only. */
    static String renderServerProperties(int port, int controllerPort, Path logDirs) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", logDirs.toAbsolutePath().toString());
        p.put("num.partitions", "4");
        p.put("auto.create.topics.enable", "true");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        // Fewer than the default 50 partitions: the first consumer group otherwise waits for 50 creations.
        p.put("offsets.topic.num.partitions", "8");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        StringBuilder out = new StringBuilder("# Written by devstack on every start; edits are overwritten.\n");
        p.forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
        return out.toString();
    }

    /** A Kafka-style cluster id: 16 random bytes, URL-safe base64 without padding, never starting with '-'. */
    static String newClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16)
                    .putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static final String LOG4J2_PROPERTIES = String.join(
            "\n",
            "# Written by devstack: broker output goes to stdout, which devstack appends to logs/kafka.log.",
            "status = warn",
            "# Keep logging through Kafka's own shutdown hook (log4j2's hook would otherwise silence it first).",
            "shutdownHook = disable",
            "appender.console.type = Console",
            "appender.console.name = STDOUT",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.stdout.ref = STDOUT",
            "logger.request.name = kafka.request.logger",
            "logger.request.level = warn",
            "logger.controller.name = kafka.controller",
            "logger.controller.level = info",
            "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
            "logger.config.level = warn",
            "");
}
