package dev.smidgen.catalog.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.devstack.traces.CollectedSpan;
import dev.smidgen.devstack.traces.TraceCollector;
import dev.smidgen.model.tracing.Telemetry;
import dev.smidgen.model.tracing.TraceScope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK as services install it, exporting over real OTLP/HTTP to devstack's collector: spans of
 * one trace arrive with their parents and service name; with export off ids are still made and
 * propagated but nothing is sent, and spans record nothing.
 */
class TracingSetupTests {
    private OpenTelemetrySdk sdk;

    @AfterEach
    void uninstall() {
        Telemetry.uninstall();
        if (sdk != null) {
            sdk.close();
        }
    }

    @Test
    void exportOnSendsOneTraceWithItsParentLinksAndServiceName() {
        try (TraceCollector collector = TraceCollector.start(0)) {
            install(Optional.of(collector.endpoint()));
            String traceparent;
            String traceId;
            try (TraceScope request = TraceScope.open(
                    Telemetry.span("POST /tasks", SpanKind.SERVER).startSpan())) {
                traceId = request.span().getSpanContext().getTraceId();
                assertEquals(traceId, MDC.get(TraceScope.MDC_TRACE_ID), "log lines inside the span name the trace");
                traceparent = Telemetry.currentTraceparent();
            }
            assertNull(MDC.get(TraceScope.MDC_TRACE_ID), "and lines after it do not");
            // Another process continues the trace from the stored traceparent.
            Span worker = Telemetry.span("process ingest", SpanKind.CONSUMER)
                    .setParent(Telemetry.parent(traceparent))
                    .startSpan();
            try (TraceScope scope = TraceScope.enter(worker);
                    TraceScope ffprobe = Telemetry.start("ffprobe")) {
                ffprobe.span().setAttribute("process.command_line", "ffprobe -i in.mp4");
            }
            worker.end();
            sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);

            List<CollectedSpan> spans = collector.spans(traceId);
            assertEquals(
                    List.of("POST /tasks", "ffprobe", "process ingest"),
                    spans.stream().map(CollectedSpan::name).toList());
            CollectedSpan root = spans.get(0);
            assertTrue(root.isRoot());
            assertEquals(root.spanId(), spans.get(2).parentSpanId());
            assertEquals(spans.get(2).spanId(), spans.get(1).parentSpanId());
            assertEquals("ffprobe -i in.mp4", spans.get(1).attributes().get("process.command_line"));
            assertTrue(spans.stream().allMatch(s -> s.service().equals("smidgen-test")));
            assertEquals(SpanKind.SERVER.ordinal() + 1, root.kind(), "OTLP numbers kinds from 1 (internal)");
        }
    }

    @Test
    void exportOffMakesAndPropagatesIdsButRecordsAndSendsNothing() {
        try (TraceCollector collector = TraceCollector.start(0)) {
            install(Optional.empty());
            String traceparent;
            try (TraceScope request = TraceScope.open(
                    Telemetry.span("POST /tasks", SpanKind.SERVER).startSpan())) {
                assertFalse(request.span().isRecording());
                assertTrue(request.span().getSpanContext().isValid(), "ids for logs and meta.trace_id");
                traceparent = Telemetry.currentTraceparent();
            }
            assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"), traceparent);
            assertEquals(0, Integer.parseInt(traceparent.substring(53), 16) & 1, "not sampled: " + traceparent);
            Span child = Telemetry.span("process ingest", SpanKind.CONSUMER)
                    .setParent(Telemetry.parent(traceparent))
                    .startSpan();
            assertEquals(Telemetry.traceId(traceparent), child.getSpanContext().getTraceId());
            child.end();
            sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
            assertEquals(0, collector.exports());
            assertEquals(List.of(), collector.spans());
        }
    }

    @Test
    void aMissingOrMalformedTraceparentStartsANewTrace() {
        install(Optional.empty());
        assertFalse(Span.fromContext(Telemetry.parent(null)).getSpanContext().isValid());
        assertFalse(
                Span.fromContext(Telemetry.parent("00-zz-01")).getSpanContext().isValid());
        assertNull(Telemetry.traceId("not a traceparent"));
        assertNull(Telemetry.currentTraceparent(), "nothing to propagate outside a span");
    }

    private void install(Optional<String> endpoint) {
        sdk = TracingSetup.build(new TracingConfig() {
            @Override
            public Optional<String> otlpEndpoint() {
                return endpoint;
            }

            @Override
            public String serviceName() {
                return "smidgen-test";
            }

            @Override
            public Duration exportDelay() {
                return Duration.ofMillis(100);
            }

            @Override
            public int exportQueue() {
                return 128;
            }

            @Override
            public Duration exportTimeout() {
                return Duration.ofSeconds(5);
            }
        });
        Telemetry.install(sdk);
    }
}
