package dev.smidgen.model.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The process's tracing entry point for code without CDI (FFmpeg runner, storage, workers): spans,
 * and the W3C {@code traceparent} string that carries a trace across processes (outbox row, Kafka
 * header, task row). It holds a no-op implementation until a service installs its SDK at startup
 * (catalog's {@code TracingSetup}), so libraries and unit tests trace into nothing. Not
 * {@code GlobalOpenTelemetry}: its first read would pin the no-op for good, and a Kafka consumer can
 * start before the startup observer.
 */
public final class Telemetry {
    /** The instrumentation scope every Smidgen span is created under. */
    public static final String SCOPE = "dev.smidgen";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static volatile Tracer tracer = OpenTelemetry.noop().getTracer(SCOPE);

    private Telemetry() {}

    /** Makes {@code openTelemetry} the one every later span comes from. */
    public static void install(OpenTelemetry openTelemetry) {
        tracer = openTelemetry.getTracer(SCOPE);
    }

    /** Back to the no-op (on shutdown, after the SDK was closed). */
    public static void uninstall() {
        tracer = OpenTelemetry.noop().getTracer(SCOPE);
    }

    /** A span builder under the current context (the calling thread's current span is the parent). */
    public static SpanBuilder span(String name, SpanKind kind) {
        return tracer.spanBuilder(name).setSpanKind(kind);
    }

    /** Starts an internal span, child of the current one, and makes it current: close the scope, then end the span. */
    public static TraceScope start(String name) {
        return TraceScope.open(span(name, SpanKind.INTERNAL).startSpan());
    }

    /** The {@code traceparent} of the current span, or null when there is none (nothing to propagate). */
    public static String currentTraceparent() {
        return traceparent(Context.current());
    }

    /** The {@code traceparent} of {@code context}'s span, or null when it has none. */
    public static String traceparent(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(context, carrier, Map::put);
        return carrier.get("traceparent");
    }

    /**
     * The context a {@code traceparent} names (a remote parent), or the root context when it is
     * null or malformed: a bad header starts a new trace rather than failing the work.
     */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Collections.singletonMap("traceparent", traceparent.trim()), MAP_GETTER);
    }

    /** The trace id of a {@code traceparent}, or null when it is missing or malformed. */
    public static String traceId(String traceparent) {
        SpanContext span = Span.fromContext(parent(traceparent)).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    /** The current trace id, or null outside any span. */
    public static String currentTraceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
