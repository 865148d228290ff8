package dev.smidgen.transcode;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the transcode worker. How many tasks one worker runs at once: {@code smallrye.messaging.worker.transcode.max-concurrency}. */
@ConfigMapping(prefix = "smidgen.transcode")
public interface TranscodeConfig {
    /** Tries per task, counting takeovers after a worker died; transient failures retry up to it. */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the first retry of a transient failure (storage, database); doubles each time. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** How long a claim lasts without a heartbeat; a dead worker's task is taken over after it. */
    @WithDefault("30s")
    Duration lease();

    /** Pending tasks older than this with nobody on them are picked up from the database. */
    @WithDefault("30s")
    Duration pendingGrace();

    /** How often the worker looks for orphaned tasks (dead worker's lease, lost announcement). */
    @WithDefault("5s")
    Duration sweepInterval();

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
}
