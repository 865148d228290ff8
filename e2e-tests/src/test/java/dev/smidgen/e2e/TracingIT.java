package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.devstack.ServiceInstance;
import dev.smidgen.devstack.traces.CollectedSpan;
import dev.smidgen.devstack.traces.TraceCollector;
import dev.smidgen.devstack.traces.TraceSummary;
import dev.smidgen.e2e.TestStack.Project;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One trace per task across the services: a stack whose services export spans over OTLP/HTTP to a
 * {@link TraceCollector} in the test, then an ingest (through the API and through an upload) and a
 * conversion, each checked to be one trace id from the HTTP request to the worker's completion,
 * spanning several services with consistent parent links; the task responses carry the trace id;
 * a service with export off sends nothing. Last, every metric the Grafana dashboard in deploy/
 * queries exists on the services' /q/metrics after that scenario.
 */
@Order(95)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TracingIT {
    static final String API = "smidgen-api";
    static final String UPLOAD = "smidgen-upload-service";
    static final String INGEST = "smidgen-ingest-worker";
    static final String TRANSCODE = "smidgen-transcode-worker";
    static final Duration SPANS_ARRIVE = Duration.ofSeconds(20);

    static TraceCollector collector;
    static WebhookReceiver webhooks;
    static TestStack env;
    static Project project;

    @BeforeAll
    static void start() {
        collector = TraceCollector.start(0);
        webhooks = new WebhookReceiver();
        Map<String, String> services = new HashMap<>(TestStack.WORKER_TEST_ENV);
        services.putAll(TestStack.WEBHOOK_TEST_ENV);
        services.put("SMIDGEN_TRACING_OTLP_ENDPOINT", collector.endpoint());
        services.put("SMIDGEN_TRACING_EXPORT_DELAY", "200ms");
        env = TestStack.withDefaults("tracing-stack", services);
        project = env.newProject("tracing");
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
        webhooks.close();
        collector.close();
    }

    @Test
    @Order(1)
    void anIngestIsOneTraceFromTheRequestToTheWorkersCompletionAndItsWebhook() {
        Created created = create(
                env.api(project),
                "/tasks",
                Map.of("kind", "ingest", "url", env.sources.url("/video.mp4"), "webhook_url", webhooks.url("/ingest")));
        String traceId = created.traceId();
        String taskId = created.taskId();
        Tasks.awaitCompleted(env, project, taskId, Duration.ofSeconds(90));
        assertEquals(
                traceId,
                env.api(project).get("/tasks/" + taskId).then().extract().path("meta.trace_id"),
                "a later GET shows the task's trace, not its own");
        webhooks.await("/ingest", 1, Duration.ofSeconds(30));

        Map<String, CollectedSpan> spans = awaitSpans(
                traceId,
                "POST /tasks",
                "publish smidgen.tasks.ingest",
                "process ingest",
                "claim",
                "ffprobe",
                "complete",
                "webhook delivery");
        assertConsistent(traceId, spans.values());
        CollectedSpan root = spans.get("POST /tasks");
        assertTrue(root.isRoot(), "the HTTP request starts the trace");
        assertEquals(API, root.service());
        assertChain(spans, "complete", "process ingest", "publish smidgen.tasks.ingest", "POST /tasks");
        assertChain(spans, "ffprobe", "process ingest");
        assertChain(spans, "webhook delivery", "POST /tasks");
        assertEquals(INGEST, spans.get("process ingest").service());
        assertEquals(taskId, spans.get("process ingest").attributes().get("smidgen.task.id"));
        assertTrue(spans.get("ffprobe").attributes().get("process.command_line").contains("ffprobe"));
        assertTrue(
                spansOf(traceId).stream()
                        .anyMatch(s ->
                                s.name().startsWith("store ") && s.service().equals(INGEST)),
                "the worker's storage write is in the trace");
    }

    @Test
    @Order(2)
    void anUploadsIngestSpansTheUploadServiceTheRelayAndTheWorker() {
        Uploads uploads = new Uploads(env, project);
        Map<String, Object> session = uploads.session(Map.of("filename", "traced.mp4"));
        String traceId = uploads.simple((String) session.get("url"), env.sources.video, "video/mp4")
                .statusCode(201)
                .extract()
                .header("X-Trace-Id");
        assertTraceId(traceId);
        Map<String, CollectedSpan> spans =
                awaitSpans(traceId, "publish smidgen.tasks.ingest", "process ingest", "complete");
        assertConsistent(traceId, spans.values());
        Set<String> services = services(traceId);
        assertTrue(services.containsAll(Set.of(UPLOAD, API, INGEST)), "services of the trace: " + services);
        CollectedSpan root = spansOf(traceId).stream()
                .filter(CollectedSpan::isRoot)
                .findFirst()
                .orElseThrow();
        assertEquals(UPLOAD, root.service(), "the upload request starts the trace");
        assertChain(spans, "complete", "process ingest", "publish smidgen.tasks.ingest");
    }

    @Test
    @Order(3)
    void aConversionOfAUrlIsOneTraceAcrossTheApiAndBothWorkers() {
        Created created = create(
                env.api(project),
                "/sources",
                Map.of("url", env.sources.url("/video.mp4"), "kind", "audio", "format", "mp3"));
        String traceId = created.traceId();
        String taskId = created.taskId();
        Tasks.awaitCompleted(env, project, taskId, Duration.ofSeconds(120));

        Map<String, CollectedSpan> spans = awaitSpans(traceId, "POST /sources", "process audio", "ffmpeg", "complete");
        System.out.println(TraceSummary.render(spansOf(traceId)));
        assertConsistent(traceId, spans.values());
        Set<String> services = services(traceId);
        assertTrue(services.size() >= 3 && services.containsAll(Set.of(API, TRANSCODE)), "services: " + services);
        CollectedSpan ffmpeg = spansOf(traceId).stream()
                .filter(span -> span.name().equals("ffmpeg") && span.service().equals(TRANSCODE))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ffmpeg run of the transcode worker in the trace"));
        String command = ffmpeg.attributes().get("process.command_line");
        assertTrue(command.contains(" -i ") && command.contains("libmp3lame"), command);
        assertFalse(command.contains("X-Amz-Signature"), "URL queries are left out of the command: " + command);
        CollectedSpan conversion = spansOf(traceId).stream()
                .filter(span -> span.name().equals("process audio"))
                .findFirst()
                .orElseThrow();
        assertEquals(TRANSCODE, conversion.service());
        assertTrue(ancestors(ffmpeg).contains(conversion.spanId()), "the FFmpeg run is the conversion's");
        assertEquals("POST /sources", rootOf(conversion, traceId).name());
    }

    @Test
    @Order(4)
    void withExportOffTheTraceIdStillFlowsButNothingIsExported() {
        ServiceInstance untraced = env.stack
                .services()
                .startInstance(ServiceFleet.API, "api-untraced", Map.of("SMIDGEN_TRACING_OTLP_ENDPOINT", ""));
        try {
            // Ids are made and shown with export off too (create checks X-Trace-Id and meta.trace_id).
            Created created = create(
                    RestAssured.given()
                            .baseUri(untraced.baseUrl())
                            .header("Authorization", "Bearer " + project.key())
                            .contentType(ContentType.JSON),
                    "/tasks",
                    Map.of("kind", "ingest", "url", env.sources.url("/audio.mp3")));
            String traceId = created.traceId();
            String taskId = created.taskId();
            Tasks.awaitCompleted(env, project, taskId, Duration.ofSeconds(90));
            // Ten times the services' export delay: had a worker recorded this trace, its spans would be here.
            Tasks.sleep(2000);
            assertEquals(List.of(), spansOf(traceId), "an unsampled trace is exported by no service");
            String stored = (String) env.query("SELECT trace_parent FROM tasks WHERE id = ?", taskId)
                    .get(0)
                    .get("trace_parent");
            assertTrue(
                    stored.startsWith("00-" + traceId + "-") && (Integer.parseInt(stored.substring(53), 16) & 1) == 0,
                    "stored unsampled: " + stored);
        } finally {
            env.stack.services().stop("api-untraced");
        }
    }

    @Test
    @Order(5)
    void everyMetricTheDashboardQueriesExistsOnTheServices() throws IOException {
        // A failure, so that the failure counters exist too.
        String failing = Tasks.ingest(env, project, env.sources.url("/no-such-file.mp4"));
        assertEquals(
                "failed",
                Tasks.awaitFinished(env, project, failing, Duration.ofSeconds(60))
                        .getString("status"));

        Set<String> queried = dashboardMetrics(TestStack.repoRoot().resolve("deploy/grafana/smidgen-overview.json"));
        assertTrue(queried.size() >= 10, "the dashboard queries " + queried);
        // Micrometer binds a Kafka client's per-partition metrics (records_lag) on its periodic refresh,
        // up to a minute after the partitions are assigned: wait for that rather than race it.
        Set<String> exposed = exposedMetrics();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!exposed.containsAll(queried) && System.nanoTime() < deadline) {
            Tasks.sleep(2000);
            exposed = exposedMetrics();
        }
        Set<String> shown = exposed;
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(shown);
        assertEquals(
                Set.of(),
                missing,
                () -> "dashboard metrics no service exposes; lag metrics there are: "
                        + shown.stream()
                                .filter(name -> name.contains("lag") || name.startsWith("smidgen_"))
                                .toList());
    }

    /** The metric names the services expose on {@code /q/metrics} right now. */
    private Set<String> exposedMetrics() {
        Set<String> exposed = new TreeSet<>();
        for (ServiceInstance instance : env.stack.services().instances()) {
            String text = RestAssured.get(instance.managementUrl() + "/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            text.lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0])
                    .forEach(exposed::add);
        }
        return exposed;
    }

    /** The metric names of every {@code expr} in a Grafana dashboard: each is written {@code name{...}} there. */
    static Set<String> dashboardMetrics(Path dashboard) throws IOException {
        String json = Files.readString(dashboard);
        Set<String> names = new TreeSet<>();
        Matcher expr =
                Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        while (expr.find()) {
            Matcher metric = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{").matcher(expr.group(1));
            while (metric.find()) {
                names.add(metric.group(1));
            }
        }
        return names;
    }

    record Created(String traceId, String taskId) {}

    /** POSTs a task; checks that the response names its trace in X-Trace-Id and, the same, in meta.trace_id. */
    private static Created create(RequestSpecification request, String path, Map<String, Object> body) {
        ExtractableResponse<Response> created =
                request.body(body).post(path).then().statusCode(201).extract();
        String traceId = created.header("X-Trace-Id");
        assertTraceId(traceId);
        assertEquals(traceId, created.path("meta.trace_id"), "the created task's meta names the request's trace");
        return new Created(traceId, created.path("data.id"));
    }

    private static void assertTraceId(String traceId) {
        assertNotNull(traceId, "X-Trace-Id");
        assertTrue(traceId.matches("[0-9a-f]{32}") && !traceId.equals("0".repeat(32)), traceId);
    }

    private static List<CollectedSpan> spansOf(String traceId) {
        return collector.spans(traceId);
    }

    private static Set<String> services(String traceId) {
        return spansOf(traceId).stream().map(CollectedSpan::service).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Waits until the trace holds a span of each name; returns the first span of each name. */
    private static Map<String, CollectedSpan> awaitSpans(String traceId, String... names) {
        long deadline = System.nanoTime() + SPANS_ARRIVE.toNanos();
        while (true) {
            Map<String, CollectedSpan> byName = new LinkedHashMap<>();
            for (CollectedSpan span : spansOf(traceId)) {
                byName.putIfAbsent(span.name(), span);
            }
            // The root too: a synchronous request's span ends (and goes out) after the work it waited for.
            boolean rooted = spansOf(traceId).stream().anyMatch(CollectedSpan::isRoot);
            if (rooted && byName.keySet().containsAll(List.of(names))) {
                return byName;
            }
            if (System.nanoTime() > deadline) {
                List<CollectedSpan> got = spansOf(traceId);
                fail("trace " + traceId + " lacks some of " + List.of(names) + "; it has:\n"
                        + (got.isEmpty() ? "nothing" : TraceSummary.render(got)));
            }
            Tasks.sleep(200);
        }
    }

    /**
     * One root; every other span's parent is in the trace and started no later than it (one machine,
     * one clock; a millisecond of slack for rounding); ids unique.
     */
    private static void assertConsistent(String traceId, Iterable<CollectedSpan> checked) {
        List<CollectedSpan> trace = spansOf(traceId);
        Map<String, CollectedSpan> byId = trace.stream()
                .collect(Collectors.toMap(
                        CollectedSpan::spanId, Function.identity(), (a, b) -> fail("span id twice: " + a)));
        assertEquals(1, trace.stream().filter(CollectedSpan::isRoot).count(), () -> TraceSummary.render(trace));
        for (CollectedSpan span : trace) {
            assertEquals(traceId, span.traceId());
            if (!span.isRoot()) {
                CollectedSpan parent = byId.get(span.parentSpanId());
                assertNotNull(
                        parent, () -> span.name() + " has a parent outside the trace:\n" + TraceSummary.render(trace));
                assertTrue(
                        parent.startNanos() <= span.startNanos() + 1_000_000,
                        () -> span.name() + " starts before its parent " + parent.name());
            }
        }
        checked.forEach(span -> assertTrue(byId.containsKey(span.spanId())));
    }

    /** {@code names[0]} descends from {@code names[1]}, which descends from {@code names[2]}, and so on. */
    private static void assertChain(Map<String, CollectedSpan> spans, String... names) {
        for (int i = 0; i + 1 < names.length; i++) {
            CollectedSpan child = spans.get(names[i]);
            String ancestor = spans.get(names[i + 1]).spanId();
            assertTrue(ancestors(child).contains(ancestor), names[i] + " is not under " + names[i + 1]);
        }
    }

    private static Set<String> ancestors(CollectedSpan span) {
        Map<String, CollectedSpan> byId = spansOf(span.traceId()).stream()
                .collect(Collectors.toMap(CollectedSpan::spanId, Function.identity(), (a, b) -> a));
        Set<String> out = new TreeSet<>();
        for (CollectedSpan at = byId.get(span.parentSpanId()); at != null; at = byId.get(at.parentSpanId())) {
            out.add(at.spanId());
        }
        return out;
    }

    private static CollectedSpan rootOf(CollectedSpan span, String traceId) {
        Map<String, CollectedSpan> byId = spansOf(traceId).stream()
                .collect(Collectors.toMap(CollectedSpan::spanId, Function.identity(), (a, b) -> a));
        CollectedSpan at = span;
        while (!at.isRoot()) {
            at = byId.get(at.parentSpanId());
        }
        return at;
    }
}
