package dev.smidgen.devstack;

import dev.smidgen.devstack.traces.TraceCollector;
import java.util.Map;

/**
 * The embedded stack's traces: unless told otherwise, {@code ./smidgen up} runs a {@link TraceCollector}
 * in the launcher and points every service's OTLP export at it, so {@code ./smidgen trace <task id>}
 * can print where a task's time went. {@code SMIDGEN_TRACES=off} leaves export off (the services'
 * default); a {@code SMIDGEN_TRACING_OTLP_ENDPOINT} of the caller's (a local Jaeger) is used instead.
 */
final class LocalTraces {
    private LocalTraces() {}

    /** Starts the collector and adds its endpoint to {@code fleet}'s environment; null when traces stay off or go elsewhere. */
    static TraceCollector start(Map<String, String> env, FleetOptions fleet) {
        if (offReason(env) != null) {
            return null;
        }
        int port = Integer.parseInt(env.getOrDefault("SMIDGEN_TRACES_PORT", "0"));
        TraceCollector collector = TraceCollector.start(port);
        fleet.env("SMIDGEN_TRACING_OTLP_ENDPOINT", collector.endpoint())
                // Spans show up about a second after the work, not after the default batching delay.
                .env("SMIDGEN_TRACING_EXPORT_DELAY", "500ms");
        Log.info("traces", "collecting the services' spans at %s", collector.endpoint());
        return collector;
    }

    /** Why the launcher collects no traces, or null when it does. */
    static String offReason(Map<String, String> env) {
        if ("off".equalsIgnoreCase(env.getOrDefault("SMIDGEN_TRACES", ""))) {
            return "off (SMIDGEN_TRACES=off)";
        }
        String elsewhere = env.get("SMIDGEN_TRACING_OTLP_ENDPOINT");
        if (elsewhere != null && !elsewhere.isBlank()) {
            return "exported to " + elsewhere;
        }
        return null;
    }
}
