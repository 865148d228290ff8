package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.devstack.ServiceInstance;
import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.media.FfmpegBinaries;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.transcode.TranscodeArgs;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.model.Kind;
import dev.smidgen.model.convert.ConversionCheck;
import dev.smidgen.model.convert.ConversionCheck.OutputSize;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.probe.ProbedFacts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The conversion benchmark of issue 6 (not part of CI: {@code bench/transcode.sh} runs it). A
 * generated 30 s 1920x1080 30 fps H.264/AAC source is converted through the API, POST → completed
 * both as told by the task's webhook and as seen polling every 100 ms (a warm-up task first, then the
 * median of three runs of each, interleaved with the raw CLI), and by the raw ffmpeg CLI with exactly
 * the arguments the worker uses ({@link TranscodeArgs} on the same spec); then 20 queued tasks go
 * through two workers and the same 20 runs are made serially. Prints the tables.
 */
@Order(99)
@EnabledIfSystemProperty(named = "smidgen.bench", matches = "true")
class TranscodeBenchmarkIT {
    private static final int SECONDS = 30;
    private static final int BATCH = 20;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Measured runs per case; the table shows medians. */
    private static final int RUNS = 3;

    record Case(String name, Kind kind, OutputFormat format, Integer width) {}

    @Test
    void conversionsBesideTheRawCli() throws Exception {
        try (AutoCloseable stack = benchStack()::close) {
            measure(benchStack());
        }
    }

    private static TestStack bench;

    /** The benchmark's own stack, with production settings rather than the suite's test tuning. */
    private static synchronized TestStack benchStack() {
        if (bench == null) {
            // Production settings, except that the webhook receiver of the "notified" runs lives on 127.0.0.1.
            bench = TestStack.withDefaults("bench-stack", Map.of("SMIDGEN_WEBHOOKS_ALLOW_PRIVATE", "true"));
        }
        return bench;
    }

    private void measure(TestStack env) throws Exception {
        Project project = env.newProject("bench");
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Path source = dir.resolve("source-1080p30.mp4");
        ffmpeg(List.of(
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1920x1080:rate=30:duration=" + SECONDS,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000:duration=" + SECONDS,
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
                source.toString()));
        ProbeResult probe = Ffprobe.probe(source, "bench");
        Uploads uploads = new Uploads(env, project);
        String fileId = uploads.simple(uploads.url(Map.of()), source, "video/mp4")
                .statusCode(201)
                .extract()
                .path("data.sources[0].id");

        List<Case> cases = List.of(
                new Case("mp4 1280w", Kind.VIDEO, OutputFormat.MP4, 1280),
                new Case("webm 640w", Kind.VIDEO, OutputFormat.WEBM, 640),
                new Case("mp3", Kind.AUDIO, OutputFormat.MP3, null),
                new Case("jpeg poster", Kind.IMAGE, OutputFormat.JPEG, null));
        StringBuilder table = new StringBuilder(
                "\n| output (median of " + RUNS + ") | raw ffmpeg s | notified: task s | ratio | overhead s"
                        + " | polled: task s | ratio | overhead s |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Client client = new Client(env, project, receiver);
            for (Case c : cases) {
                Map<String, Object> body = new LinkedHashMap<>(Map.of(
                        "file_id",
                        fileId,
                        "kind",
                        c.kind().wire(),
                        "format",
                        c.format().wire()));
                if (c.width() != null) {
                    body.put("width", c.width());
                }
                List<String> rawArgs =
                        args(source, dir.resolve("raw." + c.format().extension()), probe, c);
                client.notified(body); // warm-up: a running fleet has its JVMs compiled and its partitions assigned
                double[] raw = new double[RUNS];
                double[] notified = new double[RUNS];
                double[] polled = new double[RUNS];
                for (int i = 0; i < RUNS; i++) { // interleaved, so a noisy moment hurts every column alike
                    notified[i] = client.notified(body);
                    raw[i] = timeRaw(rawArgs);
                    polled[i] = client.polled(body);
                }
                double rawMedian = median(raw);
                table.append(String.format(
                        "| %s | %.2f | %s | %s |%n",
                        c.name(), rawMedian, versus(median(notified), rawMedian), versus(median(polled), rawMedian)));
            }

            // 20 queued tasks through two workers, against the same 20 runs one after another.
            Case batchCase = new Case("mp4 640w", Kind.VIDEO, OutputFormat.MP4, 640);
            ServiceInstance second =
                    env.stack.services().startInstance(ServiceFleet.TRANSCODE, "transcode-bench-2", Map.of());
            List<Long> workers = env.stack.services().instances().stream()
                    .filter(i -> i.module().equals(ServiceFleet.TRANSCODE))
                    .map(ServiceInstance::pid)
                    .toList();
            long cpuBefore =
                    workers.stream().mapToLong(TranscodeBenchmarkIT::cpuTicks).sum();
            long started = System.nanoTime();
            String batchHook = "/batch";
            for (int i = 0; i < BATCH; i++) {
                Tasks.convert(
                        env,
                        project,
                        Map.of(
                                "file_id",
                                fileId,
                                "kind",
                                "video",
                                "format",
                                "mp4",
                                "width",
                                640,
                                "webhook_url",
                                receiver.url(batchHook)));
            }
            List<WebhookReceiver.Request> done = receiver.await(batchHook, BATCH, Duration.ofMinutes(10));
            assertTrue(
                    done.stream().allMatch(r -> r.body().contains("\"event\":\"task.completed\"")),
                    "every task completed");
            double fleetSeconds = (System.nanoTime() - started) / 1e9;
            double fleetCpu =
                    (workers.stream().mapToLong(TranscodeBenchmarkIT::cpuTicks).sum() - cpuBefore) / 100.0;
            env.stack.services().stop(second.name());

            long selfBefore = childTicks();
            started = System.nanoTime();
            List<String> batchArgs = args(source, dir.resolve("serial.mp4"), probe, batchCase);
            for (int i = 0; i < BATCH; i++) {
                run(batchArgs);
            }
            double serialSeconds = (System.nanoTime() - started) / 1e9;
            double serialCpu = (childTicks() - selfBefore) / 100.0;
            table.append(String.format(
                    "%n| %d × %s | wall s | CPU s |%n|---|---:|---:|%n| 2 workers, queued via API | %.1f | %.1f |%n"
                            + "| raw ffmpeg, serially | %.1f | %.1f |%n",
                    BATCH, batchCase.name(), fleetSeconds, fleetCpu, serialSeconds, serialCpu));
        }
        System.out.println(table);
        Files.writeString(dir.resolve("results.md"), table);
    }

    private static String versus(double task, double raw) {
        return String.format("%.2f | %.2f× | %.2f", task, task / raw, task - raw);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * POST → completed, as a client sees it: either told by the task's webhook (the receiver notes
     * when the {@code task.completed} delivery arrived) or polling {@code GET /tasks/{id}} every
     * 100 ms. The poll is a plain HTTP GET read as text: the tool that measures must not take the CPU
     * the conversion needs (RestAssured's JSON path at 10 Hz cost FFmpeg a third of its speed on two cores).
     */
    private static final class Client {
        private final TestStack env;
        private final Project project;
        private final WebhookReceiver receiver;
        private int hooks;

        Client(TestStack env, Project project, WebhookReceiver receiver) {
            this.env = env;
            this.project = project;
            this.receiver = receiver;
        }

        double notified(Map<String, Object> body) {
            String path = "/task-" + (++hooks);
            Map<String, Object> withHook = new LinkedHashMap<>(body);
            withHook.put("webhook_url", receiver.url(path));
            Instant started = Instant.now();
            Tasks.convert(env, project, withHook);
            WebhookReceiver.Request done =
                    receiver.await(path, 1, Duration.ofMinutes(5)).get(0);
            assertTrue(done.body().contains("\"event\":\"task.completed\""), done.body());
            return Duration.between(started, done.received()).toNanos() / 1e9;
        }

        double polled(Map<String, Object> body) throws IOException, InterruptedException {
            long started = System.nanoTime();
            String id = Tasks.convert(env, project, body);
            HttpRequest poll = HttpRequest.newBuilder(URI.create(env.stack.apiUrl() + "/tasks/" + id))
                    .header("Authorization", "Bearer " + project.key())
                    .build();
            while (true) {
                String task =
                        HTTP.send(poll, HttpResponse.BodyHandlers.ofString()).body();
                if (task.contains("\"status\":\"completed\"")) {
                    return (System.nanoTime() - started) / 1e9;
                }
                assertFalse(task.contains("\"status\":\"failed\""), task);
                Tasks.sleep(100);
            }
        }
    }

    /** The worker's arguments for this case: the same request-time sizing, the same builder. */
    private static List<String> args(Path source, Path output, ProbeResult probe, Case c) {
        ProbedFacts facts = probe.facts();
        OutputSize size = ConversionCheck.check(facts, c.format(), c.width(), null);
        TranscodeSpec spec = new TranscodeSpec(c.format(), size.width(), size.height(), 0.8, null, probe.hasAudio());
        return TranscodeArgs.build(MediaInput.file(source), output, spec, probe.duration());
    }

    private static double timeRaw(List<String> args) throws IOException, InterruptedException {
        long started = System.nanoTime();
        run(args);
        return (System.nanoTime() - started) / 1e9;
    }

    private static void ffmpeg(List<String> args) throws IOException, InterruptedException {
        run(args);
    }

    /** Runs the bundled ffmpeg CLI directly (no runner, no progress pipe reader beyond discarding output). */
    private static void run(List<String> args) throws IOException, InterruptedException {
        FfmpegBinaries binaries = FfmpegBinaries.get();
        List<String> command = new ArrayList<>();
        command.add(binaries.ffmpeg().toString());
        command.addAll(args);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("LD_LIBRARY_PATH", binaries.libraryDirectory().toString());
        int exit = builder.start().waitFor();
        assertEquals(0, exit, "ffmpeg " + String.join(" ", args));
    }

    /** utime + stime + cutime + cstime of a process, in clock ticks (1/100 s): a worker and the FFmpeg runs it waited for. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long childTicks() {
        return cpuTicks(ProcessHandle.current().pid()) - ownTicks();
    }

    private static long ownTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
