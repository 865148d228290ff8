package dev.smidgen.transcode;

import dev.smidgen.runtime.TaskWorkerConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the transcode worker: those of every task worker, and how it runs FFmpeg: deadlines,
 * threads, memory and the largest input. How many tasks one worker runs at once:
 * {@code smallrye.messaging.worker.transcode.max-concurrency}.
 */
@ConfigMapping(prefix = "smidgen.transcode")
public interface TranscodeConfig extends TaskWorkerConfig {
    /**
     * Longest FFmpeg run of any task, however long its input; a run past its deadline is killed and the
     * task fails with {@code deadline_exceeded}.
     */
    @WithDefault("2h")
    Duration timeout();

    /** The part of a task's deadline every conversion gets, whatever its input's length. */
    @WithDefault("5m")
    Duration deadlineBase();

    /**
     * The part of a task's deadline per second of input: a run may take {@link #deadlineBase()} plus this
     * times the input's duration, and never more than {@link #timeout()}. 30 s per second of media is
     * 30 times slower than real time, beyond what VP9 at 4K takes on two cores.
     */
    @WithDefault("30s")
    Duration deadlinePerMediaSecond();

    /**
     * Encoder and filter threads of one FFmpeg run (default: the cores divided among the tasks a worker
     * runs at once, {@code smallrye.messaging.worker.transcode.max-concurrency}, at most 8).
     */
    Optional<Integer> ffmpegThreads();

    /**
     * Virtual memory ceiling of one FFmpeg run, in bytes, set by the OS ({@code ulimit -v}); past it the task
     * fails with {@code resource_limit}. 0 switches it off. Why 3 GiB:
     * {@link dev.smidgen.media.transcode.TranscodeResources#DEFAULT_MEMORY_LIMIT_BYTES}.
     */
    @WithDefault("3221225472")
    long ffmpegMemoryLimit();

    /** Largest input picture, width × height, a conversion decodes; larger fails with {@code input_too_large}. */
    @WithDefault("67108864")
    long maxInputPixels();

    /** Most frames of an input video a conversion decodes; more fails with {@code input_too_large}. */
    @WithDefault("1080000")
    long maxInputFrames();

    /** How often a running task's progress is written to its row (the API promises at least every 2 s). */
    @WithDefault("1s")
    Duration progressInterval();

    /**
     * Where each task gets a directory of its own as FFmpeg's working directory, for anything it writes
     * besides the output (default: the system temp dir). Inputs are read in place and outputs written
     * into the store's staged file, so this holds no copy of either.
     */
    Optional<Path> workDir();

    /**
     * How often work directories of tasks no worker holds a lease on (left by a killed worker) are
     * removed from {@link #workDir()}; also done at start.
     */
    @WithDefault("1m")
    Duration workDirSweepInterval();

    /** Segment-parallel encoding of long videos (docs/adr/0013-segment-child-tasks.md). */
    Segments segments();

    /**
     * When and how a long video conversion is split into segment children that any worker encodes, joined
     * without re-encoding at the end.
     */
    interface Segments {
        /** Whether long video conversions are split at all; when off every conversion runs whole. */
        @WithDefault("true")
        boolean enabled();

        /** Inputs shorter than this (after a requested start/end clip) are converted whole. */
        @WithDefault("2m")
        Duration minDuration();

        /**
         * Target length of one segment; cuts fall on the input's keyframes near each multiple of it (at exact
         * times where keyframes are sparse).
         */
        @WithDefault("30s")
        Duration length();

        /**
         * FFmpeg threads one segment encode on this worker may use (default: the worker's FFmpeg threads,
         * {@link TranscodeConfig#ffmpegThreads()}). Logged at start and exported as the gauge
         * {@code smidgen_transcode_segment_threads}, so an operator sees what each worker brings to a split.
         */
        Optional<Integer> threads();
    }
}
