package dev.smidgen.runtime;

import dev.smidgen.media.process.FfmpegRunner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code smidgen_ffmpeg_running}: the ffmpeg and ffprobe processes this worker runs now. Against
 * the worker's concurrency setting it shows whether the machine's cores are all busy.
 */
@ApplicationScoped
public class FfmpegConcurrencyGauge {
    void register(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("smidgen.ffmpeg.running", FfmpegRunner::running)
                .description("ffmpeg and ffprobe processes running in this worker")
                .register(registry);
    }
}
