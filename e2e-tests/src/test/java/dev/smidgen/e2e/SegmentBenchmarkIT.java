package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.e2e.TestStack.Project;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The segment benchmark of issue 21 (not part of CI: {@code bench/segments.sh} runs it). A generated
 * 1920x1080 30 fps H.264/AAC input (4 minutes by default) is converted to a 1280-wide MP4 through the API
 * by transcode workers limited to one FFmpeg thread each (standing in for one-core machines): one worker
 * converting it whole, one worker splitting it into 30 s segments and joining them, two workers splitting
 * it. The three cases alternate round after round (the machine is shared and noisy) and the table shows
 * medians, ratios and the load average before each round. Workers are restarted between cases with
 * their settings; that time is not measured.
 */
@Order(99)
@EnabledIfSystemProperty(named = "smidgen.bench", matches = "true")
class SegmentBenchmarkIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String FIRST = "transcode-seg-bench-1";
    private static final String SECOND = "transcode-seg-bench-2";
    /** The source (about 100 MiB for 4 minutes), its copy in the store, an output per run and the pieces. */
    private static final long NEEDED_BYTES = 2048L << 20;

    private static Map<String, String> worker(boolean split) {
        return Map.of(
                "SMIDGEN_TRANSCODE_FFMPEG_THREADS", "1",
                "SMIDGEN_TRANSCODE_SEGMENTS_THREADS", "1",
                "SMIDGEN_TRANSCODE_SEGMENTS_ENABLED", String.valueOf(split),
                "SMIDGEN_TRANSCODE_SEGMENTS_MIN_DURATION", "2m",
                "SMIDGEN_TRANSCODE_SEGMENTS_LENGTH", "30s",
                // Idle workers pick up segments they were not sent within a second or two.
                "SMIDGEN_TRANSCODE_PENDING_GRACE", "2s",
                "SMIDGEN_TRANSCODE_SWEEP_INTERVAL", "1s");
    }

    @Test
    void splitAcrossWorkersBesideWhole() throws Exception {
        int seconds = Integer.getInteger("smidgen.bench.seconds", 240);
        int rounds = Integer.getInteger("smidgen.bench.rounds", 3);
        // The 4-rung ladder takes about four times the MP4's encode: measured only when asked for.
        boolean hls = Boolean.getBoolean("smidgen.bench.hls");
        Path dir = Files.createDirectories(Path.of("target", "segment-bench").toAbsolutePath());
        long free = Files.getFileStore(dir).getUsableSpace();
        assertTrue(
                free >= NEEDED_BYTES,
                String.format("the benchmark needs %d MiB free; %d MiB are", NEEDED_BYTES >> 20, free >> 20));
        TestStack env = TestStack.withDefaults("segment-bench-stack", Map.of());
        Path source = dir.resolve("source-1080p30.mp4");
        try {
            Project project = env.newProject("segment-bench");
            SegmentedConversionIT.ffmpeg(
                    Duration.ofMinutes(30),
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=1920x1080:rate=30:duration=" + seconds,
                    "-f",
                    "lavfi",
                    "-i",
                    "sine=frequency=440:sample_rate=48000:duration=" + seconds,
                    "-c:v",
                    "libx264",
                    "-preset",
                    "veryfast",
                    "-g",
                    "60",
                    "-pix_fmt",
                    "yuv420p",
                    "-c:a",
                    "aac",
                    "-b:a",
                    "128k",
                    source.toString());
            Uploads uploads = new Uploads(env, project);
            String fileId = uploads.simple(uploads.url(Map.of()), source, "video/mp4")
                    .statusCode(201)
                    .extract()
                    .path("data.sources[0].id");
            Files.delete(source);
            Map<String, Object> body = Map.of("file_id", fileId, "kind", "video", "format", "mp4", "width", 1280);
            Map<String, Object> ladder = Map.of("file_id", fileId, "kind", "video", "format", "hls");

            ServiceFleet fleet = env.stack.services();
            fleet.stop(ServiceFleet.TRANSCODE);
            Map<String, List<Double>> times = new LinkedHashMap<>();
            List<String> loads = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                loads.add(String.format(
                        "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
                fleet.startInstance(ServiceFleet.TRANSCODE, FIRST, worker(false));
                times.computeIfAbsent("1 worker, whole", k -> new ArrayList<>()).add(convert(env, project, body));
                if (hls) {
                    times.computeIfAbsent("HLS: 1 worker, whole", k -> new ArrayList<>())
                            .add(convert(env, project, ladder));
                }
                fleet.stop(FIRST);
                fleet.startInstance(ServiceFleet.TRANSCODE, FIRST, worker(true));
                times.computeIfAbsent("1 worker, split + join", k -> new ArrayList<>())
                        .add(convert(env, project, body));
                fleet.startInstance(ServiceFleet.TRANSCODE, SECOND, worker(true));
                times.computeIfAbsent("2 workers, split + join", k -> new ArrayList<>())
                        .add(convert(env, project, body));
                if (hls) {
                    times.computeIfAbsent("HLS: 2 workers, split + join", k -> new ArrayList<>())
                            .add(convert(env, project, ladder));
                }
                fleet.stop(SECOND);
                fleet.stop(FIRST);
            }
            double whole = median(times.get("1 worker, whole"));
            StringBuilder table = new StringBuilder(String.format(
                    "%n%d s 1080p30 H.264 → 1280-wide MP4, one FFmpeg thread per worker, %d rounds alternating;"
                            + " load average before each round: %s%n%n| case | median s | runs s | vs 1 worker whole (same output) |%n"
                            + "|---|---:|---|---:|%n",
                    seconds, rounds, String.join(", ", loads)));
            for (var entry : times.entrySet()) {
                double m = median(entry.getValue());
                table.append(String.format(
                        "| %s | %.1f | %s | %.2f× |%n",
                        entry.getKey(),
                        m,
                        entry.getValue().stream()
                                .map(t -> String.format("%.1f", t))
                                .toList(),
                        m / (entry.getKey().startsWith("HLS") ? median(times.get("HLS: 1 worker, whole")) : whole)));
            }
            double split1 = median(times.get("1 worker, split + join"));
            double split2 = median(times.get("2 workers, split + join"));
            table.append(String.format(
                    "%n2 workers are %.2f× faster than 1 (target ≥ 1.7×); split + join at 1 worker costs %.1f %% over"
                            + " whole (target ≤ 5 %%).%n",
                    split1 / split2, (split1 / whole - 1) * 100));
            System.out.println(table);
            Files.writeString(dir.resolve("results.md"), table);
        } finally {
            env.close();
            TestStack.deleteRecursively(Path.of("target", "segment-bench-stack").toAbsolutePath());
            Files.deleteIfExists(source);
        }
    }

    /** POST → completed as a client polling every 500 ms sees it, in seconds. */
    private static double convert(TestStack env, Project project, Map<String, Object> body)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        String id = Tasks.convert(env, project, body);
        HttpRequest poll = HttpRequest.newBuilder(URI.create(env.stack.apiUrl() + "/tasks/" + id))
                .header("Authorization", "Bearer " + project.key())
                .build();
        while (true) {
            String task = HTTP.send(poll, HttpResponse.BodyHandlers.ofString()).body();
            if (task.contains("\"status\":\"completed\"")) {
                return (System.nanoTime() - started) / 1e9;
            }
            assertTrue(!task.contains("\"status\":\"failed\""), task);
            Tasks.sleep(500);
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
