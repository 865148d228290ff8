package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smidgen.devstack.DevstackOptions.Storage;
import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.devstack.ServiceInstance;
import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.media.FfmpegBinaries;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.transcode.TranscodeArgs;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.model.convert.ConversionCheck;
import dev.smidgen.model.convert.ConversionCheck.OutputSize;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.probe.ProbedFacts;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The storage benchmark of issue 16 (not part of CI: {@code bench/storage.sh} runs it). Each path a
 * big file takes through Smidgen is timed beside a reference measured in the same run, on the same
 * disk: URL ingest beside {@code curl -o}, uploads beside {@code curl -T} to an S3 emulator (s3proxy,
 * started by this benchmark), delivery beside {@code curl} GETs from that emulator, a conversion
 * beside the bundled ffmpeg CLI with the worker's own arguments. Once on the filesystem store, once
 * on S3; services at -Xmx256m. Every timed run is paired with a reference run right before it (three
 * pairs per path, five for the conversion, whose minutes-long runs meet the VM's drifting speed);
 * a ratio is the median of the pairs' ratios, so that a slow moment weighs on both sides of a pair.
 * Only the path to "ready" is timed: deleting what a run made happens outside. Then a 4 GiB upload
 * and ingest with the services' peak RSS. Everything it writes is under its own directory, deleted
 * at the end; it refuses to start with less than three times its data free.
 */
@EnabledIfSystemProperty(named = "smidgen.bench.storage", matches = "true")
class StorageBenchmarkIT {
    private static final long MIB = 1024 * 1024;
    private static final int RUNS = 3;
    private static final int CONVERSION_RUNS = 5;
    private static final long TUS_CHUNK = 8 * MIB;
    private static final int RANGE_REQUESTS = 50;
    private static final String JVM = System.getProperty("smidgen.bench.jvm", "-Xmx256m -XX:+UseSerialGC");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** A client that follows delivery's redirect to the store, as a browser or player does. */
    private static final HttpClient FOLLOWING = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long sizeMib = Long.getLong("smidgen.bench.size-mib", 512);
    private final long bigMib = Long.getLong("smidgen.bench.big-mib", 4096);
    private final Path dir = Path.of("target", "bench-storage").toAbsolutePath();
    /** Per path and store, each timed run with the reference run right before it, in order. */
    private final Map<String, Map<Storage, List<Pair>>> results = new LinkedHashMap<>();

    private final List<String> bigRows = new ArrayList<>();

    @Test
    void storageBesideItsReferences() throws Exception {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        List<Process> helpers = new ArrayList<>();
        try {
            long dataBytes = (sizeMib + bigMib + 40) * MIB;
            long free = Files.getFileStore(dir).getUsableSpace();
            assertTrue(
                    free >= 3 * dataBytes,
                    String.format(
                            "the benchmark needs %d MiB free (3x its %d MiB of data); %d MiB are",
                            3 * dataBytes / MIB, dataBytes / MIB, free / MIB));
            Path wav = wav("big.wav", sizeMib);
            Path video = video();
            int sourcePort = freePort();
            helpers.add(start(dir, "python3", "-m", "http.server", String.valueOf(sourcePort), "--bind", "127.0.0.1"));
            Emulator emulator = Emulator.start(dir.resolve("emulator"), helpers);
            String sourceUrl = "http://127.0.0.1:" + sourcePort + "/big.wav";
            awaitUp(sourceUrl);
            emulator.awaitUp();
            for (Storage storage : List.of(Storage.FILESYSTEM, Storage.S3)) {
                measure(storage, wav, video, sourceUrl, emulator);
            }
            String table = table();
            System.out.println(table);
            Path report = Files.createDirectories(Path.of("target", "bench")).resolve("storage.md");
            Files.writeString(report, table);
        } finally {
            helpers.forEach(p -> p.descendants().forEach(ProcessHandle::destroy));
            helpers.forEach(Process::destroy);
            deleteRecursively(dir);
        }
    }

    private void measure(Storage storage, Path wav, Path video, String sourceUrl, Emulator emulator) throws Exception {
        String name = "bench-storage-" + storage.name().toLowerCase();
        TestStack env = TestStack.forBenchmark(
                name,
                storage,
                Map.of(
                        "SMIDGEN_INGEST_ALLOW_PRIVATE",
                        "true",
                        "SMIDGEN_INGEST_MAX_FILE_SIZE",
                        String.valueOf((bigMib + sizeMib + 64) * MIB),
                        "SMIDGEN_UPLOADS_MAX_FILE_SIZE",
                        (bigMib + sizeMib + 64) + "M",
                        "SMIDGEN_API_SYNC_TIMEOUT",
                        "600s",
                        // How long after a task's commit a synchronous ingest answers: the wait's part of a URL
                        // ingest beside the worker's own timing line (queued, fetch, probe, store, record).
                        // (a category named in the environment is lower case: the whole package, as classes are not)
                        "QUARKUS_LOG_CATEGORY__DEV_SMIDGEN_CATALOG_TASKS__LEVEL",
                        "DEBUG",
                        "QUARKUS_HTTP_RECORD_REQUEST_START_TIME",
                        "true",
                        // Each request with the time it took in the service (%D, ms): the rest is the client's and the
                        // network's. The path only (%U): an upload URL's query holds its key, a credential.
                        "QUARKUS_HTTP_ACCESS_LOG_ENABLED",
                        "true",
                        "QUARKUS_HTTP_ACCESS_LOG_PATTERN",
                        "%{time,HH:mm:ss.SSS} %m %U %s %D ms"),
                JVM);
        try {
            Project project = env.newProject("bench");
            Uploads uploads = new Uploads(env, project);
            String wavKey = "ref/" + storage + "/big.wav";
            // Warm-up: every path once with the big file, so that the timed runs see compiled code.
            deleteFile(env, project, ingest(env, project, sourceUrl));
            simpleUpload(uploads, wav);
            for (int i = 0; i < RUNS; i++) { // interleaved, so a noisy moment hurts both columns alike
                String ingested = pair(
                        "URL ingest to ready",
                        storage,
                        () -> curl("-o", dir.resolve("download.wav").toString(), sourceUrl),
                        () -> ingest(env, project, sourceUrl));
                deleteFile(env, project, ingested);
                delete(dir.resolve("download.wav"));
                pair(
                        "simple upload to ready",
                        storage,
                        () -> emulator.put(wav, wavKey),
                        () -> simpleUpload(uploads, wav));
                pair(
                        "resumable upload (tus, 8 MiB chunks)",
                        storage,
                        () -> emulator.put(wav, wavKey),
                        () -> tus(uploads, wav));
            }
            JsonPath file = env.api(project)
                    .body(Map.of("url", sourceUrl))
                    .post("/files")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            String deliveryUrl = file.getString("data.url");
            String rangesRow = "delivery GET, 1 MiB range x" + RANGE_REQUESTS;
            // Warm-up of both sides: the first requests of a connection and of a code path are not what is measured.
            ranges(emulator.presigned(wavKey), wav);
            ranges(deliveryUrl, wav);
            for (int i = 0; i < RUNS; i++) {
                pair(
                        "delivery GET, whole file",
                        storage,
                        () -> curl("-o", "/dev/null", emulator.presigned(wavKey)),
                        () -> curl("-o", "/dev/null", deliveryUrl));
                pair(rangesRow, storage, () -> ranges(emulator.presigned(wavKey), wav), () -> ranges(deliveryUrl, wav));
            }
            if (storage == Storage.S3) {
                redirectedDelivery(env, deliveryUrl, wav, wavKey, emulator);
            }
            deleteFile(env, project, file.getString("data.id"));
            transcode(env, project, uploads, video, storage);
            big(env, project, uploads, storage);
        } finally {
            env.close();
            deleteRecursively(Path.of("target", name).toAbsolutePath());
        }
    }

    private void transcode(TestStack env, Project project, Uploads uploads, Path video, Storage storage)
            throws Exception {
        String fileId = uploads.simple(uploads.url(Map.of()), video, "video/mp4")
                .statusCode(201)
                .extract()
                .path("data.sources[0].id");
        ProbeResult probe = Ffprobe.probe(video, "bench");
        // The worker's own arguments for the same request (width 1280 of a 1920x1080 source: 1280x720).
        ProbedFacts facts = probe.facts();
        OutputSize size = ConversionCheck.check(facts, OutputFormat.MP4, 1280, null);
        TranscodeSpec spec =
                new TranscodeSpec(OutputFormat.MP4, size.width(), size.height(), 0.8, null, probe.hasAudio());
        Path output = dir.resolve("raw.mp4");
        List<String> args =
                new ArrayList<>(List.of(FfmpegBinaries.get().ffmpeg().toString()));
        args.addAll(TranscodeArgs.build(MediaInput.file(video), output, spec, probe.duration()));
        Map<String, Object> body = Map.of("file_id", fileId, "kind", "video", "format", "mp4", "width", 1280);
        deleteFile(env, project, convert(env, project, body)); // warm-up
        String row = "transcode 30 s 1080p -> 720p mp4";
        for (int i = 0; i < CONVERSION_RUNS; i++) {
            deleteFile(env, project, pair(row, storage, () -> run(args), () -> convert(env, project, body)));
        }
        delete(output);
    }

    /** A 4 GiB upload and URL ingest, sampling the RSS of the services that carry the bytes. */
    private void big(TestStack env, Project project, Uploads uploads, Storage storage) throws Exception {
        if (bigMib <= 0) {
            return;
        }
        Path big = wav("huge.wav", bigMib);
        int port = freePort();
        Process server = start(dir, "python3", "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1");
        try {
            String url = "http://127.0.0.1:" + port + "/huge.wav";
            awaitUp(url);
            try (RssSampler upload = new RssSampler(pidOf(env, ServiceFleet.UPLOAD))) {
                double s = time(() -> simpleUpload(uploads, big));
                bigRows.add(String.format(
                        "| %s | simple upload of %d MiB | %.1f s | upload-service peak RSS %d MiB |",
                        label(storage), bigMib, s, upload.peakMib()));
            }
            try (RssSampler ingest = new RssSampler(pidOf(env, ServiceFleet.INGEST))) {
                long started = System.nanoTime();
                String id = ingest(env, project, url);
                double s = (System.nanoTime() - started) / 1e9;
                bigRows.add(String.format(
                        "| %s | URL ingest of %d MiB | %.1f s | ingest-worker peak RSS %d MiB |",
                        label(storage), bigMib, s, ingest.peakMib()));
                deleteFile(env, project, id);
            }
        } finally {
            server.destroy();
            delete(big);
        }
    }

    // --- the paths through Smidgen -------------------------------------------------------------

    /**
     * Synchronous URL ingest: the 201 comes when the file is ready. Returns the file's id. Sent on the
     * benchmark's kept-alive client, as a program would. With RestAssured (a new connection and its
     * Groovy request building per call), 0.15-0.65 s passed between the start of a timed run and the
     * task's creation on a machine at load average 30, where the queue after it took 30-40 ms.
     */
    private static String ingest(TestStack env, Project project, String url) {
        return apiCall(
                        project,
                        HttpRequest.newBuilder(URI.create(env.stack.apiUrl() + "/files"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("url", url)))),
                        201)
                .path("data")
                .path("id")
                .asText();
    }

    private static void deleteFile(TestStack env, Project project, String fileId) {
        env.api(project).delete("/files/" + fileId).then().statusCode(200);
    }

    private void simpleUpload(Uploads uploads, Path file) {
        String url = uploads.url(Map.of());
        // The simple protocol is a browser's form post: one multipart/form-data request.
        String status =
                curlOut("-o", "/dev/null", "-w", "%{http_code}", "-F", "file=@" + file + ";type=audio/wav", url);
        assertEquals("201", status, "simple upload");
    }

    /** tus-js-client's way: create, then PATCH 8 MiB chunks in order, each from where the last ended. */
    private static void tus(Uploads uploads, Path file) {
        String url = uploads.url(Map.of("resumable", true));
        String key = url.substring(url.indexOf("key=") + 4);
        String base = url.substring(0, url.indexOf("/store"));
        try {
            long length = Files.size(file);
            HttpResponse<Void> created = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/tus?key=" + key))
                            .header("Tus-Resumable", "1.0.0")
                            .header("Upload-Length", String.valueOf(length))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(201, created.statusCode(), "tus creation");
            URI location = URI.create(created.headers().firstValue("Location").orElseThrow());
            byte[] chunk = new byte[(int) TUS_CHUNK];
            try (InputStream in = Files.newInputStream(file)) {
                long offset = 0;
                while (offset < length) {
                    int n = in.readNBytes(chunk, 0, chunk.length);
                    HttpResponse<Void> patched = HTTP.send(
                            HttpRequest.newBuilder(location)
                                    .header("Tus-Resumable", "1.0.0")
                                    .header("Upload-Offset", String.valueOf(offset))
                                    .header("Content-Type", "application/offset+octet-stream")
                                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk, 0, n))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    assertEquals(204, patched.statusCode(), "tus PATCH at " + offset);
                    offset += n;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@value #RANGE_REQUESTS} GETs of 1 MiB ranges spread over the file, on one kept-alive connection. */
    /**
     * Delivery with {@code smidgen.delivery.redirect-to-store} (an api instance of its own): the client
     * follows a 307 to the store, as {@code curl -L} and players do.
     */
    private void redirectedDelivery(TestStack env, String deliveryUrl, Path wav, String wavKey, Emulator emulator) {
        String redirecting = "api-redirecting";
        String base = env.stack
                .services()
                .startInstance(ServiceFleet.API, redirecting, Map.of("SMIDGEN_DELIVERY_REDIRECT_TO_STORE", "true"))
                .baseUrl();
        try {
            URI original = URI.create(deliveryUrl);
            String url = base + original.getRawPath();
            ranges(FOLLOWING, url, wav);
            for (int i = 0; i < RUNS; i++) {
                pair(
                        "delivery GET, whole file, 307 to the store",
                        Storage.S3,
                        () -> curl("-o", "/dev/null", emulator.presigned(wavKey)),
                        () -> curl("-L", "-o", "/dev/null", url));
                pair(
                        "delivery GET, 1 MiB range x" + RANGE_REQUESTS + ", 307 to the store",
                        Storage.S3,
                        () -> ranges(emulator.presigned(wavKey), wav),
                        () -> ranges(FOLLOWING, url, wav));
            }
        } finally {
            env.stack.services().stop(redirecting);
        }
    }

    private static void ranges(String url, Path file) {
        ranges(HTTP, url, file);
    }

    private static void ranges(HttpClient client, String url, Path file) {
        try {
            long size = Files.size(file);
            for (int i = 0; i < RANGE_REQUESTS; i++) {
                long first = (size - MIB) / RANGE_REQUESTS * i;
                HttpResponse<byte[]> r = client.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Range", "bytes=" + first + "-" + (first + MIB - 1))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(206, r.statusCode(), "range GET");
                assertEquals(MIB, r.body().length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A conversion as a client waits for it: POST the task, then GET it every 100 ms until it is
     * done, on one kept-alive connection. Returns the output file's id.
     */
    private static String convert(TestStack env, Project project, Map<String, Object> body) {
        String tasks = env.stack.apiUrl() + "/tasks";
        JsonNode created = apiCall(
                project,
                HttpRequest.newBuilder(URI.create(tasks))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(body))),
                201);
        URI task = URI.create(tasks + "/" + created.path("data").path("id").asText());
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        JsonNode polled;
        String status;
        do {
            sleep();
            polled = apiCall(project, HttpRequest.newBuilder(task).GET(), 200).path("data");
            status = polled.path("status").asText();
        } while (!List.of("completed", "failed").contains(status) && System.nanoTime() < deadline);
        assertEquals("completed", status, polled.toString());
        return polled.path("output").path("id").asText();
    }

    /** One API request on the benchmark's kept-alive client; fails unless it answers {@code expected}. */
    private static JsonNode apiCall(Project project, HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = HTTP.send(
                    request.header("Authorization", "Bearer " + project.key()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(expected, response.statusCode(), response::body);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- measuring -------------------------------------------------------------------------------

    /** One timed run of ours right after one of the reference; returns what ours returned (what to clean up). */
    private <T> T pair(String row, Storage storage, Runnable reference, Supplier<T> ours) {
        double referenceSeconds = time(reference);
        long started = System.nanoTime();
        T made = ours.get();
        double ourSeconds = (System.nanoTime() - started) / 1e9;
        // Each run on its own line, with the time it ended, to set beside the services' logs.
        System.out.printf(
                "bench %s | %s | %s | reference %.3f s | ours %.3f s%n",
                java.time.LocalTime.now(), storage, row, referenceSeconds, ourSeconds);
        results.computeIfAbsent(row, r -> new LinkedHashMap<>())
                .computeIfAbsent(storage, st -> new ArrayList<>())
                .add(new Pair(referenceSeconds, ourSeconds));
        return made;
    }

    private void pair(String row, Storage storage, Runnable reference, Runnable ours) {
        pair(row, storage, reference, () -> {
            ours.run();
            return null;
        });
    }

    /** A timed run of ours and the reference run right before it. */
    private record Pair(double reference, double ours) {
        /** Throughput against the reference (1.0 = as fast), or for {@code timeRatio} our time over its time. */
        double ratio(boolean timeRatio) {
            return timeRatio ? ours / reference : reference / ours;
        }
    }

    private static double time(Runnable action) {
        long started = System.nanoTime();
        action.run();
        return (System.nanoTime() - started) / 1e9;
    }

    private String table() {
        StringBuilder out = new StringBuilder(String.format(
                "%n%d MiB file, services at %s; median of %d runs (the conversion: %d), "
                        + "each right after a reference run; ratios are the median of the pairs' ratios%n%n",
                sizeMib, JVM, RUNS, CONVERSION_RUNS));
        out.append(
                "| path | reference s | filesystem store s | ratio | S3 store s | ratio |\n|---|---:|---:|---:|---:|---:|\n");
        results.forEach((row, byStore) -> {
            // The issue states the conversion's target as time over the CLI's time; the others as throughput.
            boolean timeRatio = row.startsWith("transcode");
            double reference = median(byStore.values().stream()
                    .flatMap(List::stream)
                    .mapToDouble(Pair::reference)
                    .toArray());
            out.append(String.format("| %s | %.2f", row, reference));
            for (Storage s : List.of(Storage.FILESYSTEM, Storage.S3)) {
                List<Pair> pairs = byStore.getOrDefault(s, List.of());
                if (pairs.isEmpty()) {
                    out.append(" | – | –");
                    continue;
                }
                double ours = median(pairs.stream().mapToDouble(Pair::ours).toArray());
                double ratio = median(
                        pairs.stream().mapToDouble(p -> p.ratio(timeRatio)).toArray());
                out.append(String.format(" | %.2f | %.2fx%s", ours, ratio, timeRatio ? " time" : ""));
            }
            out.append(" |\n");
        });
        if (!bigRows.isEmpty()) {
            out.append("\n| store | big file | seconds | peak RSS (heap capped by -Xmx256m) |\n|---|---|---:|---|\n");
            bigRows.forEach(r -> out.append(r).append('\n'));
        }
        return out.toString();
    }

    private static String label(Storage storage) {
        return storage == Storage.FILESYSTEM ? "filesystem" : "S3";
    }

    /** The middle value (of an even count, the mean of the two middle ones); NaN for none. */
    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static long pidOf(TestStack env, String module) {
        return env.stack.services().instances().stream()
                .filter(i -> i.module().equals(module))
                .map(ServiceInstance::pid)
                .findFirst()
                .orElseThrow();
    }

    // --- the reference S3 emulator: the same s3proxy the embedded stack runs for the S3 store ---

    private record Emulator(int port, S3Presigner presigner) {
        static final String BUCKET = "bench";

        static Emulator start(Path home, List<Process> helpers) throws IOException {
            int port = freePort();
            Path blobs = Files.createDirectories(home.resolve("blobs").resolve(BUCKET))
                    .getParent();
            Path properties = home.resolve("s3proxy.properties");
            Files.writeString(
                    properties,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=http://127.0.0.1:" + port,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=bench",
                            "s3proxy.credential=bench-secret",
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + blobs,
                            "jclouds.identity=bench",
                            "jclouds.credential=bench-secret",
                            ""));
            Path jar = TestStack.repoRoot().resolve("devstack/target/s3proxy/s3proxy.jar");
            // The JVM options devstack gives the embedded s3proxy.
            helpers.add(StorageBenchmarkIT.start(
                    home,
                    "java",
                    "-Xms32m",
                    "-Xmx128m",
                    "-XX:+UseSerialGC",
                    "-jar",
                    jar.toString(),
                    "--properties",
                    properties.toString()));
            S3Presigner presigner = S3Presigner.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + port))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench-secret")))
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build())
                    .build();
            return new Emulator(port, presigner);
        }

        void awaitUp() {
            StorageBenchmarkIT.awaitUp("http://127.0.0.1:" + port + "/");
        }

        /** {@code curl -T} with SigV4 and an unsigned payload, as the issue's reference does. */
        void put(Path file, String key) {
            String status = curlOut(
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    "--aws-sigv4",
                    "aws:amz:us-east-1:s3",
                    "--user",
                    "bench:bench-secret",
                    "-H",
                    "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                    "-T",
                    file.toString(),
                    "http://127.0.0.1:" + port + "/" + BUCKET + "/" + key);
            assertEquals("200", status, "reference PUT to s3proxy");
        }

        String presigned(String key) {
            return presigner
                    .presignGetObject(b -> b.signatureDuration(Duration.ofHours(1))
                            .getObjectRequest(g -> g.bucket(BUCKET).key(key)))
                    .url()
                    .toString();
        }
    }

    // --- processes and files -----------------------------------------------------------------------

    private Path wav(String name, long mib) throws Exception {
        Path file = dir.resolve(name);
        run(List.of(
                FfmpegBinaries.get().ffmpeg().toString(),
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "anoisesrc=r=48000:a=0.1,aformat=channel_layouts=stereo",
                "-t",
                String.valueOf(mib * MIB / 192_000),
                "-c:a",
                "pcm_s16le",
                file.toString()));
        return file;
    }

    private Path video() throws Exception {
        Path file = dir.resolve("source-1080p30.mp4");
        run(List.of(
                FfmpegBinaries.get().ffmpeg().toString(),
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1920x1080:rate=30:duration=30",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000:duration=30",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-b:a",
                "128k",
                "-shortest",
                file.toString()));
        return file;
    }

    private static void curl(String... args) {
        curlOut(args);
    }

    private static String curlOut(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--fail-with-body"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), () -> "curl failed: " + command + "\n" + out);
            return out.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment()
                    .put(
                            "LD_LIBRARY_PATH",
                            FfmpegBinaries.get().libraryDirectory().toString());
            Process p = builder.start();
            assertEquals(0, p.waitFor(), () -> "failed: " + command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Process start(Path workDir, String... command) throws IOException {
        return new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve(Path.of(command[0]).getFileName() + ".log")
                        .toFile())
                .start();
    }

    private static void awaitUp(String url) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException(url + " did not come up");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
