package dev.smidgen.runtime;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The settings every task worker has, each under its own prefix ({@code smidgen.ingest.*},
 * {@code smidgen.transcode.*}): a worker's {@code @ConfigMapping} extends this and adds its own.
 */
public interface TaskWorkerConfig {
    /**
     * Tries per task, counting takeovers after a worker died; transient failures retry up to it. With
     * {@link #retryBackoff} the defaults ride out about a minute of storage or network outage (2 + 4 +
     * 8 + 16 + 32 s): the chaos suite's 30 s storage outage failed tasks at the earlier 3 tries of 1 s.
     */
    @WithDefault("6")
    int maxAttempts();

    /** Wait before the first retry of a transient failure (network, storage, database); doubles each time. */
    @WithDefault("2s")
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
}
