package dev.smidgen.transcode;

import dev.smidgen.runtime.TaskWorkerConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the transcode worker: those of every task worker, and how it runs FFmpeg. How many tasks one worker runs at once: {@code smallrye.messaging.worker.transcode.max-concurrency}. */
@ConfigMapping(prefix = "smidgen.transcode")
public interface TranscodeConfig extends TaskWorkerConfig {
    /** Longest FFmpeg run of one task; a run past it is killed and the task fails. */
    @WithDefault("2h")
    Duration timeout();

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
}
