package dev.smidgen.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Starts the real infrastructure twice on one data directory: everything answers, and data survives a
 * restart, and a crash of Postgres or Kafka (the chaos suite's) and its restart.
 */
@Tag("slow") // left out of the fast loop (CONTRIBUTING.md); verify runs it
class DevstackTests {

    @Test
    void infrastructureAnswersAndKeepsItsDataAcrossRestarts() throws Exception {
        Path dataDir =
                Path.of(System.getProperty("devstack.test.dir", "target/devstack-test"), "infra-" + UUID.randomUUID());
        String clusterId;

        try (Devstack stack =
                Devstack.start(DevstackOptions.randomPorts(dataDir).storage(DevstackOptions.Storage.S3))) {
            try (Connection db = connect(stack);
                    Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE survivor (name text)");
                sql.execute("INSERT INTO survivor VALUES ('still here')");
            }
            assertEquals("first", kafkaRoundTrip(stack, "first"));
            s3RoundTrip(stack, "first.txt");
            clusterId = clusterId(dataDir);
        }

        // New random ports on purpose: the persistent data must not depend on them.
        try (Devstack stack =
                Devstack.start(DevstackOptions.randomPorts(dataDir).storage(DevstackOptions.Storage.S3))) {
            try (Connection db = connect(stack);
                    Statement sql = db.createStatement();
                    ResultSet rows = sql.executeQuery("SELECT name FROM survivor")) {
                assertTrue(rows.next());
                assertEquals("still here", rows.getString(1));
            }
            assertEquals(clusterId, clusterId(dataDir), "Kafka storage was reformatted");
            String kafkaLog = Files.readString(stack.logsDir().resolve("kafka.log"));
            assertEquals(
                    1,
                    kafkaLog.split("starting kafka-format", -1).length - 1,
                    "Kafka storage formatted more than once");
            assertEquals("second", kafkaRoundTrip(stack, "second"));
            List<String> keys = s3RoundTrip(stack, "second.txt");
            assertTrue(keys.contains("first.txt"), "S3 object of the first run is gone: " + keys);

            // The chaos suite's crashes: each comes back on its port with its data.
            stack.crashPostgres();
            assertTrue(stack.postgresPid().isEmpty(), "a crashed Postgres has no postmaster");
            stack.restartPostgres();
            try (Connection db = connect(stack);
                    Statement sql = db.createStatement();
                    ResultSet rows = sql.executeQuery("SELECT count(*) FROM survivor")) {
                assertTrue(rows.next());
                assertEquals(1, rows.getInt(1), "rows lost in the crash");
            }
            stack.crashKafka();
            stack.restartKafka();
            assertEquals("third", kafkaRoundTrip(stack, "third"));

            // Under supervision (./smidgen up), a Kafka that dies by itself comes back by itself.
            stack.supervise();
            long killed = stack.childPids().get("kafka");
            ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (stack.childPids().get("kafka") == killed || stack.kafkaDied()) {
                assertTrue(System.nanoTime() < deadline, "Kafka was not restarted");
                Thread.sleep(200);
            }
            assertEquals("fourth", kafkaRoundTrip(stack, "fourth"));
        }
        // Kept when the test fails (for its logs); ~40 MB per run otherwise.
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Connection connect(Devstack stack) throws Exception {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
    }

    private static String clusterId(Path dataDir) throws Exception {
        Properties meta = new Properties();
        try (var in = Files.newInputStream(dataDir.resolve("kafka/data/meta.properties"))) {
            meta.load(in);
        }
        return meta.getProperty("cluster.id");
    }

    /** Produces one record to a fresh (auto-created) topic and consumes it back. */
    private static String kafkaRoundTrip(Devstack stack, String value) {
        String topic = "devstack-test-" + value;
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "devstack-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    return record.value();
                }
            }
        }
        throw new AssertionError("no record consumed from " + topic);
    }

    /** A signed PUT, GET and LIST against the bucket; returns the keys listed. */
    private static List<String> s3RoundTrip(Devstack stack, String key) {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(stack.s3Endpoint()))
                .region(Region.of(stack.s3Region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.s3AccessKey(), stack.s3SecretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            s3.putObject(b -> b.bucket(stack.s3Bucket()).key(key), RequestBody.fromString("hello " + key));
            assertEquals(
                    "hello " + key,
                    s3.getObjectAsBytes(b -> b.bucket(stack.s3Bucket()).key(key))
                            .asUtf8String());
            List<String> keys = new ArrayList<>();
            for (S3Object object :
                    s3.listObjectsV2(b -> b.bucket(stack.s3Bucket())).contents()) {
                keys.add(object.key());
            }
            return keys;
        }
    }
}
