package dev.smidgen.catalog.tracing;

import dev.smidgen.model.tracing.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Installs this service's OpenTelemetry SDK behind {@link Telemetry} before anything else starts.
 *
 * <p>Export off (no endpoint): the sampler records nothing, so a span costs an id and an object, and
 * no processor or exporter exists; trace ids are still made and propagated, for logs and
 * {@code meta.trace_id}. Export on: every trace a request or message starts is recorded (parent-based,
 * so one trace is whole or absent) and sent in batches from a bounded queue to the OTLP/HTTP endpoint.
 */
@ApplicationScoped
public class TracingSetup {
    private static final Logger LOG = Logger.getLogger(TracingSetup.class);
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    @Inject
    TracingConfig config;

    private OpenTelemetrySdk sdk;

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        sdk = build(config);
        Telemetry.install(sdk);
        config.otlpEndpoint()
                .ifPresentOrElse(
                        endpoint -> LOG.infof("Tracing: exporting spans of %s to %s", config.serviceName(), endpoint),
                        () -> LOG.debug("Tracing: export off (smidgen.tracing.otlp-endpoint unset)"));
    }

    void stop(@Observes ShutdownEvent event) {
        if (sdk != null) {
            Telemetry.uninstall();
            // Flushes what is queued, bounded: a down collector must not hold the shutdown.
            sdk.getSdkTracerProvider().shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    static OpenTelemetrySdk build(TracingConfig config) {
        SdkTracerProviderBuilder provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(SERVICE_NAME, config.serviceName()))));
        if (config.otlpEndpoint().isPresent()) {
            OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                    .setEndpoint(config.otlpEndpoint().get().replaceAll("/+$", "") + "/v1/traces")
                    .setTimeout(config.exportTimeout())
                    .build();
            provider.setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                    .addSpanProcessor(BatchSpanProcessor.builder(exporter)
                            .setScheduleDelay(config.exportDelay())
                            .setMaxQueueSize(config.exportQueue())
                            .build());
        } else {
            provider.setSampler(Sampler.alwaysOff());
        }
        return OpenTelemetrySdk.builder()
                .setTracerProvider(provider.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }
}
