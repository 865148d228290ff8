package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.devstack.ServiceInstance;
import dev.smidgen.e2e.Tasks.Media;
import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.model.Topics;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The transcode fleet with two workers: both take tasks from one batch; a worker killed with
 * SIGKILL mid-transcode loses nothing and duplicates nothing; SIGTERM gives the running task back
 * at once; poison messages go to the dead-letter topic; a storage outage is retried in place; a
 * conversion past the timeout fails cleanly.
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
@Order(91)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TranscodeFleetIT {
    static final String SECOND = "transcode-worker-2";
    static final String BEHIND_OUTAGE = "transcode-worker-s3-outage";
    static final String IMPATIENT = "transcode-worker-impatient";
    static final String TRANSCODE_GROUP = "smidgen-transcode-worker";
    static TestStack env;
    static Project project;
    static Media longVideo;
    static Media shortVideo;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("fleet");
        longVideo = Tasks.media(env, project, env.sources.url("/long.mp4"));
        shortVideo = Tasks.media(env, project, env.sources.url("/video.mp4"));
        env.stack.services().startInstance(ServiceFleet.TRANSCODE, SECOND, Map.of());
        awaitBothWorkersAssigned();
    }

    /**
     * Ready is not assigned: a worker answers its health check before the consumer group has
     * rebalanced, and a batch sent before that all goes to the first worker. Wait until both
     * members hold partitions of the transcode topic.
     */
    private static void awaitBothWorkersAssigned() {
        try (Admin admin = Admin.create(kafka(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Map.of()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(TRANSCODE_GROUP))
                        .describedGroups()
                        .get(TRANSCODE_GROUP)
                        .get(10, TimeUnit.SECONDS);
                if (group.groupState() == GroupState.STABLE
                        && group.members().size() == 2
                        && group.members().stream()
                                .allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                Tasks.sleep(100);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("describing the transcode consumer group", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        fail("the second transcode worker got no partitions within 60 s");
    }

    @AfterAll
    static void restoreFleet() {
        ServiceFleet fleet = env.stack.services();
        if (fleet.find(ServiceFleet.TRANSCODE).isEmpty()) {
            fleet.startInstance(ServiceFleet.TRANSCODE, ServiceFleet.TRANSCODE, Map.of());
        }
        if (fleet.find(SECOND).isPresent()) {
            fleet.stop(SECOND);
        }
    }

    @Test
    @Order(1)
    void twoWorkersShareOneBatch() {
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(Tasks.convert(
                    env, project, Map.of("file_id", shortVideo.fileId(), "kind", "video", "format", "webm")));
        }
        Set<String> owners = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            for (Map<String, Object> row :
                    env.query("SELECT lease_owner FROM tasks WHERE id = ANY (?) AND lease_owner IS NOT NULL", (Object)
                            tasks.toArray(String[]::new))) {
                owners.add(pidOf((String) row.get("lease_owner")));
            }
            if (env.count(
                            "SELECT count(*) FROM tasks WHERE id = ANY (?) AND status IN ('completed', 'failed')",
                            (Object) tasks.toArray(String[]::new))
                    == tasks.size()) {
                break;
            }
            Tasks.sleep(50);
        }
        for (String id : tasks) {
            assertEquals(
                    "completed",
                    Tasks.awaitFinished(env, project, id, Duration.ofSeconds(10))
                            .getString("status"));
        }
        assertEquals(2, owners.size(), "both workers ran tasks of the batch: " + owners);
    }

    @Test
    @Order(2)
    void aKilledWorkersTaskEndsWithExactlyOneOutput() {
        long sourcesBefore = env.count("SELECT count(*) FROM files WHERE media_id = ?", longVideo.id());
        String taskId =
                Tasks.convert(env, project, Map.of("file_id", longVideo.fileId(), "kind", "video", "format", "mp4"));
        ServiceInstance owner = awaitRunning(taskId);
        List<ProcessHandle> children =
                ProcessHandle.of(owner.pid()).orElseThrow().descendants().toList();
        List<String> leftBehind = TestStack.transcodeWorkDirsOf(taskId);
        assertTrue(
                children.stream()
                        .anyMatch(p -> p.info().commandLine().orElse("").contains("ffmpeg")),
                "the owner runs FFmpeg");
        assertEquals(1, leftBehind.size(), "the owner's work dir: " + leftBehind);
        env.stack.services().kill(owner.name());
        long killed = System.nanoTime();
        while (children.stream().anyMatch(TranscodeFleetIT::running)
                && System.nanoTime() - killed < Duration.ofSeconds(2).toNanos()) {
            Tasks.sleep(20);
        }
        assertTrue(children.stream().noneMatch(TranscodeFleetIT::running), "FFmpeg outlived its worker by 2 s");

        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(240));
        assertEquals("completed", task.getString("status"), () -> task.getString("error.message"));
        assertTrue(task.getInt("attempts") >= 2, "taken over after the kill");
        String fileId = task.getString("output.id");
        assertEquals(sourcesBefore + 1, env.count("SELECT count(*) FROM files WHERE media_id = ?", longVideo.id()));
        assertEquals(1, env.count("SELECT count(*) FROM files WHERE id = ?", fileId));
        assertEquals(
                1,
                env.objectKeys(project.id()).stream()
                        .filter(k -> k.contains(fileId))
                        .count(),
                "one object for the output");
        env.stack.services().startInstance(ServiceFleet.TRANSCODE, owner.name(), Map.of());
        // The killed worker could not remove its work dir; the first sweep of the restarted one does.
        long restarted = System.nanoTime();
        while (!TestStack.transcodeWorkDirsOf(taskId).isEmpty()
                && System.nanoTime() - restarted < Duration.ofSeconds(30).toNanos()) {
            Tasks.sleep(200);
        }
        assertEquals(List.of(), TestStack.transcodeWorkDirsOf(taskId), "the killed worker's work dir stayed");
    }

    /** Alive and not a zombie: an exited process nobody reaped yet holds no resources. */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive();
        }
    }

    @Test
    @Order(3)
    void sigtermGivesTheRunningTaskBackAtOnce() {
        String taskId = Tasks.convert(
                env, project, Map.of("file_id", longVideo.fileId(), "kind", "video", "format", "mp4", "width", 640));
        ServiceInstance owner = awaitRunning(taskId);
        env.stack.services().stop(owner.name());
        Map<String, Object> row = env.query("SELECT status, lease_owner FROM tasks WHERE id = ?", taskId)
                .get(0);
        String leaseOwner = (String) row.get("lease_owner");
        assertTrue(
                leaseOwner == null || !pidOf(leaseOwner).equals(String.valueOf(owner.pid())),
                "the stopped worker no longer holds the task: " + row);

        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(240));
        assertEquals("completed", task.getString("status"), () -> task.getString("error.message"));
        env.stack.services().startInstance(ServiceFleet.TRANSCODE, owner.name(), Map.of());
    }

    @Test
    @Order(4)
    void poisonMessagesGoToTheDeadLetterTopic() {
        // A task that kept killing workers: attempts beyond the limit when a worker claims it again. Its
        // creation time is moved ahead so that the orphan sweep leaves it to the message under test.
        String poisoned =
                Tasks.convert(env, project, Map.of("file_id", shortVideo.fileId(), "kind", "audio", "format", "mp3"));
        Tasks.awaitFinished(env, project, poisoned, Duration.ofSeconds(120));
        env.query(
                "UPDATE tasks SET status = 'pending', attempts = 9, finished = NULL, created = now() + interval '2 minutes' WHERE id = ? RETURNING id",
                poisoned);
        String announcement =
                "{\"task_id\":\"" + poisoned + "\",\"project_id\":\"" + project.id() + "\",\"kind\":\"audio\"}";
        String unreadable = "this is not a task announcement " + System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class.getName(),
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class.getName())))) {
            producer.send(new ProducerRecord<>(Topics.TRANSCODE, "x", unreadable));
            producer.send(new ProducerRecord<>(Topics.TRANSCODE, poisoned, announcement));
        }
        JsonPath task = Tasks.awaitFinished(env, project, poisoned, Duration.ofSeconds(60));
        assertEquals("failed", task.getString("status"));
        assertEquals("internal", task.getString("error.code"));
        assertTrue(task.getString("error.message").contains("abandoned"), task.getString("error.message"));

        Set<String> dead = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "e2e-dlq-" + System.nanoTime(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class.getName(),
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class.getName())))) {
            consumer.subscribe(List.of(Topics.TRANSCODE_DLQ));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !(dead.contains(unreadable) && dead.contains(announcement))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    dead.add(record.value());
                }
            }
        }
        assertTrue(dead.contains(unreadable), "the unreadable message is on the DLQ: " + dead);
        assertTrue(dead.contains(announcement), "the abandoned task's message is on the DLQ: " + dead);
    }

    @Test
    @Order(5)
    void aStorageOutageIsRetriedInPlaceWithBackoff() throws Exception {
        // An outage of a network store; the filesystem store's failures are the disk's, tested in catalog.
        org.junit.jupiter.api.Assumptions.assumeTrue(env.onS3(), "storage outages are simulated for S3 only");
        ServiceFleet fleet = env.stack.services();
        stopAllTranscodeWorkers(fleet); // only a worker that reaches S3 through the proxy may take the task
        long sourcesBefore = env.count("SELECT count(*) FROM files WHERE media_id = ?", longVideo.id());
        try (OutageProxy storage =
                new OutageProxy(URI.create(env.stack.infra().s3Endpoint()).getPort())) {
            ServiceInstance worker = fleet.startInstance(
                    ServiceFleet.TRANSCODE,
                    BEHIND_OUTAGE,
                    Map.of(
                            "SMIDGEN_S3_ENDPOINT", storage.baseUrl(),
                            "AWS_MAX_ATTEMPTS", "1", // the SDK's own quick retries would hide the worker's
                            "SMIDGEN_TRANSCODE_MAX_ATTEMPTS", "8"));
            storage.down();
            storage.downOnUpload(64 * 1024); // requests are small; only the output's upload carries a body this big
            String taskId = Tasks.convert(
                    env,
                    project,
                    Map.of("file_id", longVideo.fileId(), "kind", "video", "format", "mp4", "width", 640));
            // Fetching the input fails, and is retried after a backoff; then storage comes back.
            awaitLog(worker, taskId + ": attempt 1 failed");
            storage.up();
            // FFmpeg runs; the output's upload takes storage down, and storing is retried after a backoff.
            // The line names the storing thread; the log's trace id field, when present, stands between the two.
            awaitLog(
                    worker,
                    Pattern.compile(Pattern.quote("(transcode-store) ") + "(\\[\\w*\\] )?"
                            + Pattern.quote(taskId + ": attempt")));
            assertTrue(storage.tripped());
            storage.up();

            JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(120));
            assertEquals("completed", task.getString("status"), () -> task.getString("error.message"));
            assertTrue(task.getInt("attempts") >= 3, "each retry counts as an attempt: " + task.getInt("attempts"));
            String fileId = task.getString("output.id");
            assertEquals(sourcesBefore + 1, env.count("SELECT count(*) FROM files WHERE media_id = ?", longVideo.id()));
            assertEquals(
                    1,
                    env.objectKeys(project.id()).stream()
                            .filter(k -> k.contains(fileId))
                            .count(),
                    "one object for the output");
        } finally {
            if (fleet.find(BEHIND_OUTAGE).isPresent()) {
                fleet.stop(BEHIND_OUTAGE); // the default worker comes back in restoreFleet
            }
        }
    }

    @Test
    @Order(6)
    void aConversionPastTheTimeoutFailsCleanly() throws Exception {
        ServiceFleet fleet = env.stack.services();
        stopAllTranscodeWorkers(fleet);
        long sourcesBefore = env.count("SELECT count(*) FROM files WHERE media_id = ?", longVideo.id());
        List<String> objectsBefore = env.objectKeys(project.id());
        try {
            // No machine converts 12 s of 960x540 video to VP9 in 200 ms.
            ServiceInstance worker = fleet.startInstance(
                    ServiceFleet.TRANSCODE, IMPATIENT, Map.of("SMIDGEN_TRANSCODE_TIMEOUT", "200ms"));
            String taskId = Tasks.convert(
                    env, project, Map.of("file_id", longVideo.fileId(), "kind", "video", "format", "webm"));

            JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(60));
            assertEquals("failed", task.getString("status"));
            assertEquals("deadline_exceeded", task.getString("error.code"));
            assertTrue(task.getString("error.message").contains("took longer than"), task.getString("error.message"));
            assertEquals(
                    1, task.getInt("attempts"), "a timeout is not retried: the same input would only time out again");
            assertEquals(sourcesBefore, env.count("SELECT count(*) FROM files WHERE media_id = ?", longVideo.id()));
            assertEquals(objectsBefore, env.objectKeys(project.id()), "nothing stored");
            assertEquals(List.of(), TestStack.transcodeWorkDirsOf(taskId), "the task's work directory is removed");
            String log = Files.readString(worker.logFile());
            assertTrue(
                    log.contains(taskId + ": ffmpeg failed (timed out)") && log.contains("-c:v libvpx-vp9"),
                    "the worker logged the command it stopped: " + worker.logTail(10));
        } finally {
            if (fleet.find(IMPATIENT).isPresent()) {
                fleet.stop(IMPATIENT); // the default worker comes back in restoreFleet
            }
        }
    }

    private static void stopAllTranscodeWorkers(ServiceFleet fleet) {
        for (ServiceInstance instance : List.copyOf(fleet.instances())) {
            if (instance.module().equals(ServiceFleet.TRANSCODE)) {
                fleet.stop(instance.name());
            }
        }
    }

    /** Waits until the worker has logged {@code text}. */
    private static void awaitLog(ServiceInstance worker, Pattern line) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (line.matcher(Files.readString(worker.logFile())).find()) {
                return;
            }
            Tasks.sleep(20);
        }
        fail(worker.name() + " never logged /" + line + "/: " + worker.logTail(20));
    }

    private static void awaitLog(ServiceInstance worker, String text) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(worker.logFile()).contains(text)) {
                return;
            }
            Tasks.sleep(20);
        }
        fail(worker.name() + " never logged '" + text + "': " + worker.logTail(20));
    }

    private static Properties kafka(String bootstrapKey, Map<String, Object> more) {
        Properties props = new Properties();
        props.put(bootstrapKey, env.stack.infra().kafkaBootstrap());
        props.putAll(more);
        return props;
    }

    /** Waits until a worker holds the task's lease and has reported progress; returns that worker. */
    private static ServiceInstance awaitRunning(String taskId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> rows = env.query(
                    "SELECT lease_owner FROM tasks WHERE id = ? AND status = 'processing' AND progress > 0", taskId);
            if (!rows.isEmpty() && rows.get(0).get("lease_owner") != null) {
                String pid = pidOf((String) rows.get(0).get("lease_owner"));
                for (ServiceInstance instance : env.stack.services().instances()) {
                    if (pid.equals(String.valueOf(instance.pid()))) {
                        return instance;
                    }
                }
                fail("No running instance has pid " + pid);
            }
            Tasks.sleep(100);
        }
        fail("No worker started " + taskId);
        return null;
    }

    /** A lease owner is {@code role@host:pid:suffix}. */
    private static String pidOf(String leaseOwner) {
        String[] parts = leaseOwner.split(":");
        assertNotEquals(1, parts.length, leaseOwner);
        return parts[parts.length - 2];
    }
}
