package dev.smidgen.model.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.jboss.logging.MDC;

/**
 * A span made current on this thread, with its ids in the logging MDC ({@code trace_id},
 * {@code span_id}) so every log line inside it names the trace. {@link #close()} restores what was
 * current before and ends the span: use it in try-with-resources on the thread that opened it.
 */
public final class TraceScope implements AutoCloseable {
    public static final String MDC_TRACE_ID = "trace_id";
    public static final String MDC_SPAN_ID = "span_id";

    private final Span span;
    private final Scope scope;
    private final Object previousTrace;
    private final Object previousSpan;
    private final boolean endOnClose;

    private TraceScope(Span span, boolean endOnClose) {
        this.span = span;
        this.endOnClose = endOnClose;
        this.scope = span.makeCurrent();
        this.previousTrace = MDC.get(MDC_TRACE_ID);
        this.previousSpan = MDC.get(MDC_SPAN_ID);
        SpanContext ids = span.getSpanContext();
        if (ids.isValid()) {
            MDC.put(MDC_TRACE_ID, ids.getTraceId());
            MDC.put(MDC_SPAN_ID, ids.getSpanId());
        }
    }

    /** Makes {@code span} current; closing the scope ends it. */
    public static TraceScope open(Span span) {
        return new TraceScope(span, true);
    }

    /** Makes {@code span} current without taking it over: closing the scope leaves it running (its owner ends it). */
    public static TraceScope enter(Span span) {
        return new TraceScope(span, false);
    }

    public Span span() {
        return span;
    }

    /** Marks the span failed with {@code error} (recorded as an exception event). */
    public void fail(Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }

    @Override
    public void close() {
        scope.close();
        restore(MDC_TRACE_ID, previousTrace);
        restore(MDC_SPAN_ID, previousSpan);
        if (endOnClose) {
            span.end();
        }
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
