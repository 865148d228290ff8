package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smidgen.devstack.DevstackOptions;
import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.devstack.ServiceInstance;
import dev.smidgen.e2e.Tasks.Media;
import dev.smidgen.e2e.TestStack.Project;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The chaos and load suite (not part of CI; {@code bench/chaos.sh} runs it): resumable uploads of
 * up to 1 GiB cut off at random, URL ingests and conversions, all at once, while a transcode
 * worker, the upload service and the ingest worker are killed (the launcher's supervisor restarts
 * them), Kafka and Postgres crash and come back, and storage is unreachable for 30 s. Afterwards
 * every upload must be stored byte for byte, every task ended exactly once, nothing stuck, and no
 * object, staged part or temp file left without an owner. Prints a table of counts, latencies and
 * memory peaks (also in {@code target/bench/chaos.md}).
 */
@EnabledIfSystemProperty(named = "smidgen.chaos", matches = "true")
class ChaosLoadIT {
    private static final int UPLOADS = Integer.getInteger("smidgen.chaos.uploads", 50);
    private static final long UPLOAD_MAX_BYTES = Long.getLong("smidgen.chaos.upload-max-mib", 1024) << 20;
    private static final int INGESTS = Integer.getInteger("smidgen.chaos.ingests", 200);
    private static final int CONVERSIONS = Integer.getInteger("smidgen.chaos.conversions", 100);
    private static final long SEED = Long.getLong("smidgen.chaos.seed", System.currentTimeMillis());
    /** The chance that a PATCH is cut off part-way. */
    private static final double CUT_CHANCE = 0.2;
    /** How long everything may take to end once the chaos is over. */
    private static final Duration SETTLE = Duration.ofMinutes(Long.getLong("smidgen.chaos.settle-minutes", 30));

    private static final String SECOND_TRANSCODER = "transcode-worker-2";
    private static final Set<String> TERMINAL = Set.of("completed", "failed");

    private final Random random = new Random(SEED);
    private final List<Event> timeline = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> submitted = new ConcurrentHashMap<>(); // task id -> "ingest" | "conversion"
    private final List<String> submitFailures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong uploadBytesSent = new AtomicLong();
    /** Tasks of the setup (the conversions' inputs), left out of the load's figures. */
    private final Set<String> setup = new HashSet<>();

    /** One chaos action, from its start to when the stack had it back. */
    private record Event(String what, long startMillis, long endMillis) {}

    /** One upload as planned, and as it went. */
    private record UploadPlan(int index, NoiseWav file) {}

    @Test
    void everythingEndsWellThroughCrashesAndOutages() throws Exception {
        DevstackOptions.Storage storage = TestStack.storage();
        long need = Math.round(UPLOADS * UPLOAD_MAX_BYTES / 2.0 * 2.5) + (4L << 30);
        requireFreeDisk(need);
        System.out.printf(
                Locale.ROOT,
                "chaos: seed %d, storage %s, %d uploads (<= %d MiB), %d ingests, %d conversions%n",
                SEED,
                storage,
                UPLOADS,
                UPLOAD_MAX_BYTES >> 20,
                INGESTS,
                CONVERSIONS);

        int s3Port = freePort();
        Path stackDir = Path.of("target", "chaos-stack").toAbsolutePath();
        Path staging = stackDir.resolve("staging");
        Path workDirs = stackDir.resolve("transcode-work");
        boolean passed = false;
        try (OutageProxy storageProxy = new OutageProxy(s3Port);
                WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, String> serviceEnv = new HashMap<>(Map.of(
                    "SMIDGEN_INGEST_ALLOW_PRIVATE",
                    "true", // the sources are on 127.0.0.1
                    "SMIDGEN_WEBHOOKS_ALLOW_PRIVATE",
                    "true", // so is the receiver
                    "SMIDGEN_STORAGE_STAGING_DIR",
                    staging.toString(),
                    "SMIDGEN_TRANSCODE_WORK_DIR",
                    workDirs.toString()));
            if (storage == DevstackOptions.Storage.S3) {
                serviceEnv.put("SMIDGEN_S3_ENDPOINT", storageProxy.baseUrl());
            }
            TestStack env = TestStack.forChaos("chaos-stack", storage, s3Port, serviceEnv);
            try {
                run(env, storage == DevstackOptions.Storage.S3 ? storageProxy : null, receiver, staging, workDirs);
                passed = true;
            } finally {
                env.close();
            }
        } finally {
            // The bulk (objects, database, broker) goes either way; a failed run keeps its logs to read.
            for (String part : List.of("s3", "media", "staging", "transcode-work", "postgres", "kafka", "run")) {
                TestStack.deleteRecursively(stackDir.resolve(part));
            }
            if (passed) {
                TestStack.deleteRecursively(stackDir);
            } else {
                System.out.println("chaos: logs kept in " + stackDir.resolve("logs"));
            }
        }
    }

    private void run(TestStack env, OutageProxy storageProxy, WebhookReceiver receiver, Path staging, Path workDirs)
            throws Exception {
        ServiceFleet fleet = env.stack.services();
        fleet.startInstance(ServiceFleet.TRANSCODE, SECOND_TRANSCODER, Map.of());
        fleet.supervise(); // as ./smidgen up does: a killed service comes back by itself

        Project project = env.newProject("chaos");
        RetryingApi api = new RetryingApi(env.stack.apiUrl(), project.key(), Duration.ofMinutes(5));
        api.post(
                "/webhooks",
                Map.of("url", receiver.url("/hook"), "events", List.of("task.completed", "task.failed")),
                "chaos-webhook-" + SEED);
        List<Media> inputs = List.of(
                Tasks.media(env, project, env.sources.url("/video.mp4")),
                Tasks.media(env, project, env.sources.url("/long.mp4")),
                Tasks.media(env, project, env.sources.url("/image.png")));
        long filesBefore =
                env.count("SELECT count(*) FROM files WHERE project_id = ? AND deleted IS NULL", project.id());
        env.query("SELECT id FROM tasks WHERE project_id = ?", project.id())
                .forEach(row -> setup.add((String) row.get("id")));

        List<UploadPlan> uploads = new ArrayList<>();
        for (int i = 0; i < UPLOADS; i++) {
            long size = (1L << 20) + (long) (random.nextDouble() * (UPLOAD_MAX_BYTES - (1L << 20)));
            uploads.add(new UploadPlan(i, new NoiseWav(SEED + i, size)));
        }
        long uploadBytes = uploads.stream().mapToLong(u -> u.file().size()).sum();

        try (RssSampler rss = new RssSampler(processes(env), Duration.ofMillis(250))) {
            long t0 = System.nanoTime();
            ExecutorService clients = Executors.newCachedThreadPool();
            List<Future<TusChaosUpload.Result>> uploadResults = new ArrayList<>();
            // Uploads start in the first minute (large ones then span the whole chaos); the tasks over the whole
            // window.
            for (UploadPlan plan : uploads) {
                long at = (long) (random.nextDouble() * 60_000);
                uploadResults.add(clients.submit(() -> {
                    sleepUntil(t0, at);
                    return upload(env, api, plan);
                }));
            }
            List<Future<?>> submissions = new ArrayList<>();
            List<String> sources = List.of("/video.mp4", "/long.mp4", "/image.png", "/audio.mp3", "/parts.wav");
            for (int i = 0; i < INGESTS; i++) {
                long at = (long) (random.nextDouble() * windowMillis());
                String url = env.sources.url(sources.get(random.nextInt(sources.size())));
                String idempotencyKey = "chaos-ingest-" + SEED + "-" + i;
                submissions.add(clients.submit(() -> {
                    sleepUntil(t0, at);
                    submit(api, "ingest", Map.of("kind", "ingest", "url", url), idempotencyKey);
                }));
            }
            List<Map<String, Object>> conversions = List.of(
                    Map.of("file_id", inputs.get(0).fileId(), "kind", "video", "format", "mp4", "width", 160),
                    Map.of("file_id", inputs.get(0).fileId(), "kind", "video", "format", "webm", "width", 160),
                    Map.of("file_id", inputs.get(1).fileId(), "kind", "video", "format", "mp4", "width", 320),
                    Map.of("file_id", inputs.get(1).fileId(), "kind", "image", "format", "jpeg", "width", 320),
                    Map.of("file_id", inputs.get(1).fileId(), "kind", "audio", "format", "mp3"),
                    Map.of("file_id", inputs.get(2).fileId(), "kind", "image", "format", "webp", "width", 64));
            for (int i = 0; i < CONVERSIONS; i++) {
                long at = (long) (random.nextDouble() * windowMillis());
                Map<String, Object> body = conversions.get(random.nextInt(conversions.size()));
                String idempotencyKey = "chaos-conversion-" + SEED + "-" + i;
                submissions.add(clients.submit(() -> {
                    sleepUntil(t0, at);
                    submit(api, "conversion", body, idempotencyKey);
                }));
            }

            chaos(env, storageProxy, t0);

            for (Future<?> submission : submissions) {
                submission.get();
            }
            List<TusChaosUpload.Result> uploaded = new ArrayList<>();
            List<String> uploadFailures = new ArrayList<>();
            for (Future<TusChaosUpload.Result> result : uploadResults) {
                try {
                    uploaded.add(result.get());
                } catch (ExecutionException e) {
                    uploadFailures.add(String.valueOf(e.getCause()));
                }
            }
            long unfinished = awaitNoUnfinishedTask(env, project);
            long allDoneMillis = millisSince(t0);
            clients.shutdown();

            // --- afterwards ---
            Map<String, Long> peaks = rss.peaksMib();
            List<String> problems = new ArrayList<>();
            problems.addAll(submitFailures);
            uploadFailures.forEach(f -> problems.add("upload: " + f));
            if (unfinished > 0) {
                problems.add(unfinished + " task(s) still pending or processing " + SETTLE.toMinutes()
                        + " min after the chaos");
            }
            int mismatched = verifyUploads(env, api, uploads, uploaded, problems);
            Map<String, Long> completed = new HashMap<>();
            Map<String, List<Long>> latencies = taskLatencies(env, project, completed, problems);
            checkExactlyOnce(env, project, receiver, problems);
            checkNothingLeftBehind(env, project, staging, workDirs, problems);
            long files = env.count("SELECT count(*) FROM files WHERE project_id = ? AND deleted IS NULL", project.id());
            long completedTasks = env.count(
                    "SELECT count(*) FROM tasks WHERE project_id = ? AND status = 'completed' AND id = ANY (?)",
                    project.id(),
                    submitted.keySet().toArray(String[]::new));
            if (files != filesBefore + uploaded.size() + completedTasks) {
                problems.add("files: " + files + " live, expected " + filesBefore + " + " + uploaded.size()
                        + " uploads + " + completedTasks + " completed tasks");
            }

            String table =
                    report(uploads, uploaded, uploadBytes, mismatched, latencies, completed, peaks, allDoneMillis, api);
            Path out = Path.of("target", "bench", "chaos.md");
            Files.createDirectories(out.getParent());
            Files.writeString(
                    out, table + (problems.isEmpty() ? "" : "\nProblems:\n- " + String.join("\n- ", problems) + "\n"));
            System.out.println(table);
            assertEquals(List.of(), problems, "chaos suite problems");
        }
    }

    /** The chaos, in order, one thing at a time, while the load runs; returns when the stack is whole again. */
    private void chaos(TestStack env, OutageProxy storageProxy, long t0) {
        ServiceFleet fleet = env.stack.services();
        sleepUntil(t0, 15_000);
        killAndAwaitRestart(fleet, ServiceFleet.TRANSCODE, t0);
        sleepUntil(t0, 35_000);
        killAndAwaitRestart(fleet, ServiceFleet.UPLOAD, t0);
        sleepUntil(t0, 55_000);
        long start = millisSince(t0);
        env.stack.infra().crashKafka();
        Tasks.sleep(15_000);
        env.stack.infra().restartKafka();
        timeline.add(new Event("Kafka crashed (SIGKILL), restarted after 15 s", start, millisSince(t0)));
        sleepUntil(t0, 95_000);
        start = millisSince(t0);
        env.stack.infra().crashPostgres();
        Tasks.sleep(15_000);
        env.stack.infra().restartPostgres();
        timeline.add(new Event("Postgres crashed (immediate shutdown), restarted after 15 s", start, millisSince(t0)));
        sleepUntil(t0, 135_000);
        if (storageProxy != null) {
            start = millisSince(t0);
            storageProxy.down();
            Tasks.sleep(30_000);
            storageProxy.up();
            timeline.add(new Event(
                    "storage unreachable (every connection cut and refused) for 30 s", start, millisSince(t0)));
        }
        sleepUntil(t0, 185_000);
        killAndAwaitRestart(fleet, ServiceFleet.INGEST, t0);
        sleepUntil(t0, windowMillis());
    }

    private static long windowMillis() {
        return 200_000;
    }

    /** SIGKILL from outside the launcher (a crash, as far as it knows); its supervisor restarts the service. */
    private void killAndAwaitRestart(ServiceFleet fleet, String name, long t0) {
        long start = millisSince(t0);
        ServiceInstance victim = fleet.instance(name);
        ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            ServiceInstance now = fleet.find(name).orElse(null);
            if (now != null && now != victim && now.isAlive() && ready(fleet, name)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not restarted within 2 min");
            }
            Tasks.sleep(200);
        }
        timeline.add(new Event(name + " killed (SIGKILL), restarted by the supervisor", start, millisSince(t0)));
    }

    private static boolean ready(ServiceFleet fleet, String name) {
        try {
            HttpResponse<Void> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + fleet.instance(name).managementPort() + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private TusChaosUpload.Result upload(TestStack env, RetryingApi api, UploadPlan plan) {
        JsonNode session = api.post(
                "/uploads",
                Map.of("resumable", true, "filename", "noise-" + plan.index() + ".wav", "folder", "chaos"),
                "chaos-upload-" + SEED + "-" + plan.index());
        URI url = URI.create(session.path("url").asText());
        String key = url.getQuery().replaceFirst("^.*\\bkey=([^&]+).*$", "$1");
        return new TusChaosUpload(
                        URI.create(env.stack.uploadUrl()),
                        key,
                        plan.file(),
                        new Random(SEED + plan.index()),
                        CUT_CHANCE,
                        Duration.ofMillis(windowMillis()).plus(SETTLE),
                        uploadBytesSent)
                .run();
    }

    private void submit(RetryingApi api, String what, Map<String, ?> body, String idempotencyKey) {
        try {
            submitted.put(api.post("/tasks", body, idempotencyKey).path("id").asText(), what);
        } catch (RuntimeException e) {
            submitFailures.add(what + " " + body + ": " + e.getMessage());
        }
    }

    private long awaitNoUnfinishedTask(TestStack env, Project project) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long unfinished;
        do {
            unfinished = env.count(
                    "SELECT count(*) FROM tasks WHERE project_id = ? AND status NOT IN ('completed', 'failed')",
                    project.id());
            if (unfinished == 0) {
                return 0;
            }
            Tasks.sleep(1_000);
        } while (System.nanoTime() < deadline);
        return unfinished;
    }

    /** Reads every uploaded file back through delivery and compares it with what was sent; returns mismatches. */
    private int verifyUploads(
            TestStack env,
            RetryingApi api,
            List<UploadPlan> plans,
            List<TusChaosUpload.Result> uploaded,
            List<String> problems)
            throws InterruptedException {
        Map<String, UploadPlan> byMedia = new HashMap<>();
        Set<String> mediaIds = new HashSet<>();
        // Results are in plan order, minus failures: match them up by the file name the session gave.
        for (TusChaosUpload.Result result : uploaded) {
            JsonNode media = api.get("/media/" + result.mediaId());
            JsonNode source = media.path("sources").get(0);
            String filename = source.path("filename").asText();
            int index = Integer.parseInt(filename.replaceAll("\\D", ""));
            byMedia.put(result.mediaId(), plans.get(index));
            if (!mediaIds.add(result.mediaId())) {
                problems.add("two uploads made the same media item " + result.mediaId());
            }
        }
        ExecutorService readers = Executors.newFixedThreadPool(2);
        List<Future<String>> checks = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        for (Map.Entry<String, UploadPlan> entry : byMedia.entrySet()) {
            checks.add(readers.submit(() -> {
                String url = api.get("/media/" + entry.getKey())
                        .path("sources")
                        .get(0)
                        .path("url")
                        .asText();
                return compare(http, url, entry.getValue().file());
            }));
        }
        int mismatched = 0;
        for (Future<String> check : checks) {
            try {
                String problem = check.get();
                if (problem != null) {
                    problems.add(problem);
                    mismatched++;
                }
            } catch (ExecutionException e) {
                problems.add("reading an upload back: " + e.getCause());
                mismatched++;
            }
        }
        readers.shutdown();
        readers.awaitTermination(1, TimeUnit.MINUTES);
        return mismatched;
    }

    /** Null when the delivered bytes are the file's, else what differs. */
    private static String compare(HttpClient http, String url, NoiseWav file) throws IOException, InterruptedException {
        HttpResponse<InputStream> answer =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (answer.statusCode() != 200) {
            return url + ": " + answer.statusCode();
        }
        byte[] got = new byte[1 << 20];
        byte[] want = new byte[1 << 20];
        long offset = 0;
        try (InputStream in = answer.body()) {
            int n;
            while ((n = in.readNBytes(got, 0, got.length)) > 0) {
                if (offset + n > file.size()) {
                    return url + ": longer than the " + file.size() + " bytes sent";
                }
                file.read(offset, want, 0, n);
                if (!Arrays.equals(got, 0, n, want, 0, n)) {
                    return url + ": differs within bytes " + offset + "-" + (offset + n - 1);
                }
                offset += n;
            }
        }
        return offset == file.size() ? null : url + ": " + offset + " of " + file.size() + " bytes";
    }

    /** Milliseconds from creation to the end of every task, by what it was; a failed task is a problem. */
    private Map<String, List<Long>> taskLatencies(
            TestStack env, Project project, Map<String, Long> completed, List<String> problems) {
        Map<String, List<Long>> latencies = new TreeMap<>();
        Map<String, Integer> failures = new TreeMap<>();
        Set<String> ended = new HashSet<>();
        for (Map<String, Object> row : env.query(
                "SELECT id, status, error_code, error_message,"
                        + " (extract(epoch FROM finished - created) * 1000)::bigint AS millis"
                        + " FROM tasks WHERE project_id = ? AND status IN ('completed', 'failed')",
                project.id())) {
            String id = (String) row.get("id");
            if (setup.contains(id)) {
                continue; // the inputs of the conversions, ingested before the load began
            }
            String what = submitted.getOrDefault(id, "upload ingest");
            ended.add(id);
            latencies.computeIfAbsent(what, w -> new ArrayList<>()).add(((Number) row.get("millis")).longValue());
            if ("completed".equals(row.get("status"))) {
                completed.merge(what, 1L, Long::sum);
            } else if (failures.merge(what + " " + row.get("error_code"), 1, Integer::sum) == 1) {
                problems.add(
                        what + " task " + id + " failed: " + row.get("error_code") + " " + row.get("error_message"));
            }
        }
        failures.forEach((what, count) -> {
            if (count > 1) {
                problems.add(count + " " + what + " failures in all");
            }
        });
        Set<String> notEnded = new HashSet<>(submitted.keySet());
        notEnded.removeAll(ended);
        if (!notEnded.isEmpty()) {
            problems.add(notEnded.size() + " submitted task(s) never ended: " + notEnded);
        }
        return latencies;
    }

    /** Every task's end is one event, sent to the receiver (deduplicated on the event id) once. */
    private void checkExactlyOnce(TestStack env, Project project, WebhookReceiver receiver, List<String> problems) {
        for (Map<String, Object> row : env.query(
                "SELECT t.id, t.status, count(e.id) AS events, string_agg(e.topic, ',') AS topics FROM tasks t"
                        + " LEFT JOIN events e ON e.subject_id = t.id AND e.topic IN ('task.completed', 'task.failed')"
                        + " WHERE t.project_id = ? GROUP BY t.id, t.status",
                project.id())) {
            long events = ((Number) row.get("events")).longValue();
            if (events != 1 || !("task." + row.get("status")).equals(row.get("topics"))) {
                problems.add(
                        "task " + row.get("id") + " (" + row.get("status") + ") has end events " + row.get("topics"));
            }
        }
        long deliveriesLeft = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (env.count(
                                "SELECT count(*) FROM webhook_deliveries WHERE project_id = ? AND status = 'pending'",
                                project.id())
                        > 0
                && System.nanoTime() < deliveriesLeft) {
            Tasks.sleep(500);
        }
        Map<String, Set<String>> eventsByTask = new HashMap<>();
        for (WebhookReceiver.Request request : receiver.at("/hook")) {
            try {
                JsonNode body = RetryingApi.JSON.readTree(request.body());
                eventsByTask
                        .computeIfAbsent(body.path("data").path("id").asText(), t -> new HashSet<>())
                        .add(body.path("id").asText());
            } catch (IOException e) {
                problems.add("webhook body is not JSON: " + request.body());
            }
        }
        long tasks = env.count("SELECT count(*) FROM tasks WHERE project_id = ?", project.id());
        if (eventsByTask.size() != tasks) {
            problems.add("webhooks received for " + eventsByTask.size() + " of " + tasks + " tasks");
        }
        eventsByTask.forEach((task, ids) -> {
            if (ids.size() != 1) {
                problems.add("task " + task + " ended " + ids.size() + " times (events " + ids + ")");
            }
        });
    }

    /** Every object is a live file's, no staged part or temp file is left, no session is stuck. */
    private void checkNothingLeftBehind(
            TestStack env, Project project, Path staging, Path workDirs, List<String> problems) {
        Set<String> owned =
                env
                        .query("SELECT storage_key FROM files WHERE project_id = ? AND deleted IS NULL", project.id())
                        .stream()
                        .map(row -> (String) row.get("storage_key"))
                        .collect(Collectors.toSet());
        // Staged parts of ended uploads are removed by the janitor and the store's own clean-up, within a minute.
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        List<String> orphans;
        List<String> staged;
        List<String> temp;
        do {
            orphans = env.objects.keys(project.id()).stream()
                    .filter(key -> !owned.contains(key))
                    .toList();
            staged = env.objects.staged();
            temp = new ArrayList<>(filesUnder(staging));
            temp.addAll(filesUnder(workDirs));
            if (orphans.isEmpty() && staged.isEmpty() && temp.isEmpty()) {
                break;
            }
            Tasks.sleep(2_000);
        } while (System.nanoTime() < deadline);
        if (!orphans.isEmpty()) {
            problems.add("objects no file owns: " + orphans);
        }
        if (!staged.isEmpty()) {
            problems.add("staged parts left: " + staged);
        }
        if (!temp.isEmpty()) {
            problems.add("temp files left: " + temp);
        }
        Set<String> missing = new HashSet<>(owned);
        missing.removeAll(env.objects.keys(project.id()));
        if (!missing.isEmpty()) {
            problems.add("files whose object is missing: " + missing);
        }
        for (Map<String, Object> row : env.query(
                "SELECT status, count(*) AS n FROM upload_sessions WHERE project_id = ? AND status <> 'completed'"
                        + " GROUP BY status",
                project.id())) {
            problems.add(row.get("n") + " upload session(s) left " + row.get("status"));
        }
    }

    private String report(
            List<UploadPlan> plans,
            List<TusChaosUpload.Result> uploaded,
            long uploadBytes,
            int mismatched,
            Map<String, List<Long>> latencies,
            Map<String, Long> completed,
            Map<String, Long> peaks,
            long allDoneMillis,
            RetryingApi api) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Chaos and load, seed %d, storage %s, %d cores; all ended %.0f s after the start.%n%n",
                SEED,
                TestStack.storage().name().toLowerCase(Locale.ROOT),
                Runtime.getRuntime().availableProcessors(),
                allDoneMillis / 1000.0));
        out.append("| chaos | at (s) | back after (s) |\n|---|---|---|\n");
        synchronized (timeline) {
            for (Event e : timeline) {
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %.0f | %.1f |%n",
                        e.what(),
                        e.startMillis() / 1000.0,
                        (e.endMillis() - e.startMillis()) / 1000.0));
            }
        }
        int cuts = uploaded.stream().mapToInt(TusChaosUpload.Result::cuts).sum();
        int failed = uploaded.stream()
                .mapToInt(TusChaosUpload.Result::failedRequests)
                .sum();
        out.append(String.format(
                Locale.ROOT,
                "%n| load | count | ended well | p50 (s) | p95 (s) |%n|---|---|---|---|---|%n"
                        + "| tus uploads, %.1f GiB in all (%d cut off by the client, %d requests failed,"
                        + " %.1f GiB sent with resends); byte-exact read-back | %d | %d | %s | %s |%n",
                uploadBytes / (double) (1L << 30),
                cuts,
                failed,
                uploadBytesSent.get() / (double) (1L << 30),
                plans.size(),
                uploaded.size() - mismatched,
                seconds(percentile(
                        uploaded.stream().map(TusChaosUpload.Result::millis).toList(), 50)),
                seconds(percentile(
                        uploaded.stream().map(TusChaosUpload.Result::millis).toList(), 95))));
        latencies.forEach((what, list) -> {
            String name = switch (what) {
                case "ingest" -> "URL ingests (task created to ended)";
                case "conversion" -> "conversions (task created to ended)";
                default -> "ingests of the uploads (task created to ended)";
            };
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %s | %s |%n",
                    name,
                    list.size(),
                    completed.getOrDefault(what, 0L),
                    seconds(percentile(list, 50)),
                    seconds(percentile(list, 95))));
        });
        out.append(String.format(Locale.ROOT, "%nAPI requests the clients had to repeat: %d%n", api.retries.get()));
        out.append("\n| process | RSS peak (MiB) |\n|---|---|\n");
        peaks.forEach((name, mib) ->
                out.append("| ").append(name).append(" | ").append(mib).append(" |\n"));
        return out.toString();
    }

    /** What the RSS sampler watches: each service by name (whatever pid it has now), FFmpeg, the infrastructure. */
    private static Map<String, Supplier<List<Long>>> processes(TestStack env) {
        ServiceFleet fleet = env.stack.services();
        Map<String, Supplier<List<Long>>> groups = new LinkedHashMap<>();
        for (String name : List.of(
                ServiceFleet.API,
                ServiceFleet.UPLOAD,
                ServiceFleet.INGEST,
                ServiceFleet.TRANSCODE,
                SECOND_TRANSCODER)) {
            groups.put(name, () -> fleet.find(name).map(i -> List.of(i.pid())).orElse(List.of()));
        }
        groups.put(
                "ffmpeg (largest single run)",
                () -> fleet.instances().stream()
                        .flatMap(i -> ProcessHandle.of(i.pid()).stream())
                        .flatMap(ProcessHandle::descendants)
                        .filter(p -> p.info().command().orElse("").contains("ffmpeg"))
                        .map(ProcessHandle::pid)
                        .toList());
        groups.put("kafka", () -> List.of(env.stack.infra().childPids().get("kafka")));
        groups.put(
                "postgres (postmaster)",
                () -> env.stack.infra().postgresPid().stream().toList());
        groups.put(
                "s3proxy",
                () -> Optional.ofNullable(env.stack.infra().childPids().get("s3")).stream()
                        .toList());
        return groups;
    }

    private static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    private static List<String> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var paths = Files.walk(dir)) {
            return paths.filter(p -> !p.equals(dir)).map(Path::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleepUntil(long t0, long millis) {
        long left = millis - millisSince(t0);
        if (left > 0) {
            Tasks.sleep(left);
        }
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void requireFreeDisk(long bytes) throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        FileStore store = Files.getFileStore(target);
        assertTrue(
                store.getUsableSpace() > bytes,
                String.format(
                        Locale.ROOT,
                        "the chaos suite needs %d GiB free under %s; there are %d GiB",
                        bytes >> 30,
                        target.toAbsolutePath(),
                        store.getUsableSpace() >> 30));
    }
}
