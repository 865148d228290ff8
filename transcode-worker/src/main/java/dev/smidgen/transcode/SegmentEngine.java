package dev.smidgen.transcode;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.process.ProgressListener;
import dev.smidgen.media.transcode.TranscodeResources;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.media.transcode.hls.HlsPackage;
import dev.smidgen.media.transcode.hls.HlsSpec;
import dev.smidgen.media.transcode.segment.AudioTrackEncoder;
import dev.smidgen.media.transcode.segment.PackagePart;
import dev.smidgen.media.transcode.segment.SegmentContainer;
import dev.smidgen.media.transcode.segment.SegmentEncoder;
import dev.smidgen.media.transcode.segment.SegmentJoiner;
import dev.smidgen.media.transcode.segment.SegmentPlanner;
import dev.smidgen.media.transcode.segment.SegmentRange;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The media engine's segment tools (dev.smidgen.media.transcode.segment) as this worker runs them: with
 * the FFmpeg threads a segment may use here ({@code smidgen.transcode.segments.threads}), which the worker
 * advertises in its start-up log and as the gauge {@code smidgen_transcode_segment_threads}, and the
 * worker's memory ceiling.
 */
@ApplicationScoped
public class SegmentEngine {
    private static final Logger LOG = Logger.getLogger(SegmentEngine.class);

    @Inject
    TranscodeConfig config;

    @Inject
    MeterRegistry registry;

    /** Tasks this worker runs at once: their FFmpeg runs share the cores. */
    @ConfigProperty(name = "smallrye.messaging.worker.transcode.max-concurrency", defaultValue = "1")
    int concurrency;

    private TranscodeResources resources;
    private SegmentPlanner planner;
    private SegmentEncoder encoder;
    private AudioTrackEncoder audio;
    private SegmentJoiner joiner;

    @PostConstruct
    void init() {
        TranscodeResources whole = TranscodeBudget.of(
                        config, concurrency, Runtime.getRuntime().availableProcessors())
                .resources();
        int threads = config.segments().threads().orElse(whole.threads());
        resources = new TranscodeResources(threads, whole.memoryLimitBytes());
        FfmpegRunner runner = FfmpegRunner.shared();
        planner = new SegmentPlanner(runner);
        encoder = new SegmentEncoder(runner, resources.memoryLimitBytes());
        audio = new AudioTrackEncoder(runner, resources.memoryLimitBytes());
        joiner = new SegmentJoiner(runner);
        Gauge.builder("smidgen.transcode.segment.threads", () -> resources.threads())
                .description("FFmpeg threads one segment encode on this worker may use")
                .register(registry);
        LOG.infof(
                "Segments: %s; videos of %d s or more split into segments of about %d s, each encoded with %d FFmpeg threads",
                config.segments().enabled() ? "on" : "off",
                config.segments().minDuration().toSeconds(),
                config.segments().length().toSeconds(),
                threads);
    }

    /**
     * The input's ranges to encode apart, cut near each multiple of {@code targetSeconds}; within the clip of
     * {@code spec}, or over the whole input when it is null (an HLS ladder).
     */
    List<SegmentRange> plan(
            MediaInput input,
            TranscodeSpec spec,
            double duration,
            double targetSeconds,
            Duration deadline,
            String taskId) {
        return planner.plan(input, spec, duration, targetSeconds, deadline, taskId);
    }

    /** Encodes one range of the input's video (no audio) into {@code out}. */
    void encodeVideo(
            MediaInput input,
            SegmentRange range,
            TranscodeSpec spec,
            Path out,
            Duration deadline,
            ProgressListener progress,
            String taskId) {
        encoder.encode(input, range, spec, resources.threads(), out, deadline, progress, taskId);
    }

    /** Encodes the input's whole audio track into {@code out}, as a whole conversion would. */
    void encodeAudio(
            MediaInput input,
            TranscodeSpec spec,
            Double duration,
            Path out,
            Duration deadline,
            ProgressListener progress,
            String taskId) {
        audio.encode(input, spec, duration, resources.threads(), out, deadline, progress, taskId);
    }

    /** Encodes every rung of an HLS ladder for one range into the empty {@code directory}. */
    PackagePart encodeHls(
            MediaInput input,
            SegmentRange range,
            HlsSpec spec,
            Path directory,
            Duration deadline,
            ProgressListener progress,
            String taskId) {
        return encoder.encodeHls(input, range, spec, resources.threads(), directory, deadline, progress, taskId);
    }

    /** Encodes the audio rendition of a split HLS package into the empty {@code directory}. */
    Optional<PackagePart> encodeAudioHls(
            MediaInput input,
            HlsSpec spec,
            Double duration,
            Path directory,
            Duration deadline,
            ProgressListener progress,
            String taskId) {
        return audio.encodeHls(input, spec, duration, resources.threads(), directory, deadline, progress, taskId);
    }

    /** Assembles the package from the ranges' parts, in order, and the audio rendition (their files move). */
    HlsPackage joinHls(List<Path> ranges, Optional<Path> audioPart, HlsSpec spec, Path directory, String taskId) {
        return joiner.joinHls(ranges, audioPart, spec, directory, taskId);
    }

    /** Joins the encoded ranges, in order, and the audio track into the output of {@code spec}. */
    void join(
            List<Path> videos,
            Optional<Path> audioTrack,
            TranscodeSpec spec,
            Path output,
            Duration deadline,
            String taskId) {
        joiner.joinProgressive(videos, audioTrack, spec, output, deadline, taskId);
    }

    /** The file extension of an encoded range of {@code spec}'s video. */
    String videoExtension(TranscodeSpec spec) {
        return SegmentContainer.of(spec).extension();
    }

    /** The file extension of the encoded audio track. */
    String audioExtension() {
        return AudioTrackEncoder.EXTENSION;
    }
}
