package dev.smidgen.api.outbox;

import dev.smidgen.model.tracing.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The relay's part of a task's trace: a producer span, child of the traceparent stored with the
 * outbox row, whose own traceparent goes into the record's {@code traceparent} header, where the
 * worker's consumer picks the trace up.
 */
final class RelayTracing {
    static final String HEADER = "traceparent";

    private RelayTracing() {}

    /** Starts the span of sending {@code record} and stamps its header; the caller ends the span. */
    static Span publish(ProducerRecord<String, String> record, String storedTraceparent) {
        Span span = Telemetry.span("publish " + record.topic(), SpanKind.PRODUCER)
                .setParent(Telemetry.parent(storedTraceparent))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.kafka.message.key", record.key())
                .startSpan();
        String traceparent = Telemetry.traceparent(Context.root().with(span));
        if (traceparent != null) {
            record.headers().add(HEADER, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        return span;
    }

    static void failed(Span span, Exception error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }
}
