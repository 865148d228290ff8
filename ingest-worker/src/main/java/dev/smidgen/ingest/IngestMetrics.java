package dev.smidgen.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** The ingest numbers an operator watches: how long, how many bytes, and why ingests fail. */
@ApplicationScoped
public class IngestMetrics {
    @Inject
    MeterRegistry registry;

    void completed(Duration took, long bytes, String kind) {
        Timer.builder("smidgen.task.duration")
                .description("Time from claim to completion of a task")
                .tag("kind", "ingest")
                .tag("outcome", "completed")
                .tag("media", kind)
                .register(registry)
                .record(took);
        Counter.builder("smidgen.ingest.bytes")
                .description("Bytes fetched and stored by ingests")
                .baseUnit("bytes")
                .register(registry)
                .increment(bytes);
    }

    void failed(Duration took, String code) {
        Timer.builder("smidgen.task.duration")
                .description("Time from claim to completion of a task")
                .tag("kind", "ingest")
                .tag("outcome", "failed")
                .tag("media", "none")
                .register(registry)
                .record(took);
        Counter.builder("smidgen.task.failures")
                .description("Failed tasks by error code")
                .tag("kind", "ingest")
                .tag("code", code)
                .register(registry)
                .increment();
    }
}
