package dev.smidgen.transcode;

import dev.smidgen.model.convert.OutputFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** The conversion numbers an operator watches: time by kind and format, bytes in and out, failures by code. */
@ApplicationScoped
public class TranscodeMetrics {
    @Inject
    MeterRegistry registry;

    void completed(TranscodeJob job, Duration took, long bytesIn, long bytesOut) {
        Timer.builder("smidgen.task.duration")
                .description("Time from claim to completion of a task")
                .tag("kind", kind(job))
                .tag("outcome", "completed")
                .tag("media", job.format().wire())
                .register(registry)
                .record(took);
        Counter.builder("smidgen.transcode.bytes.in")
                .description("Bytes of inputs read by conversions")
                .baseUnit("bytes")
                .register(registry)
                .increment(bytesIn);
        Counter.builder("smidgen.transcode.bytes.out")
                .description("Bytes of outputs stored by conversions")
                .baseUnit("bytes")
                .register(registry)
                .increment(bytesOut);
    }

    /** A storyboard's format is its sheets': its kind is the task's, thumbnails, not image. */
    private static String kind(TranscodeJob job) {
        return job.isStoryboard() ? "thumbnails" : job.format().kind().wire();
    }

    void failed(TranscodeJob job, Duration took, String code) {
        OutputFormat format = job == null ? null : job.format();
        String kind = job == null ? "unknown" : kind(job);
        Timer.builder("smidgen.task.duration")
                .description("Time from claim to completion of a task")
                .tag("kind", kind)
                .tag("outcome", "failed")
                .tag("media", format == null ? "none" : format.wire())
                .register(registry)
                .record(took);
        Counter.builder("smidgen.task.failures")
                .description("Failed tasks by error code")
                .tag("kind", kind)
                .tag("code", code)
                .register(registry)
                .increment();
    }
}
