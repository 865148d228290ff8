package dev.smidgen.catalog.tracing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Trace export ({@code smidgen.tracing.*}). Off unless an OTLP endpoint is set: trace ids are then
 * still made and passed along (logs, task {@code meta.trace_id}), but no span is recorded or sent.
 */
@ConfigMapping(prefix = "smidgen.tracing")
public interface TracingConfig {
    /**
     * Base URL of an OTLP/HTTP receiver (Jaeger, Tempo, an OpenTelemetry Collector), e.g.
     * {@code http://jaeger:4318}; spans go to {@code <endpoint>/v1/traces}. Unset: export is off.
     */
    Optional<String> otlpEndpoint();

    /** The {@code service.name} of this process's spans. */
    @WithDefault("${quarkus.application.name}")
    String serviceName();

    /** How long finished spans wait to be sent in one batch. */
    @WithDefault("2s")
    Duration exportDelay();

    /** Finished spans held for export at most; more are dropped (counted by the SDK), never blocking work. */
    @WithDefault("4096")
    int exportQueue();

    /** How long one export request may take. */
    @WithDefault("10s")
    Duration exportTimeout();
}
