package dev.smidgen.devstack.traces;

import java.util.Map;

/**
 * One span as an OTLP exporter sent it: hex ids (parent empty for a root), the service that recorded
 * it, times in epoch nanoseconds, string-rendered attributes, and whether its status was an error.
 */
public record CollectedSpan(
        String traceId,
        String spanId,
        String parentSpanId,
        String service,
        String name,
        int kind,
        long startNanos,
        long endNanos,
        Map<String, String> attributes,
        boolean error) {
    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    public long durationMillis() {
        return (endNanos - startNanos) / 1_000_000;
    }
}
