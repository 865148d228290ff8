package dev.smidgen.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the ingest worker. */
@ConfigMapping(prefix = "smidgen.ingest")
public interface IngestConfig {
    /** Allow loopback and private addresses (dev and tests only); cloud metadata stays refused. */
    @WithDefault("false")
    boolean allowPrivate();

    /** Largest file an ingest may fetch from a URL, in bytes (default 1 GiB); uploads have smidgen.uploads.max-file-size. */
    @WithDefault("1073741824")
    long maxFileSize();

    @WithDefault("10s")
    Duration connectTimeout();

    /** Longest silence while reading the source before the fetch counts as failed. */
    @WithDefault("30s")
    Duration readTimeout();

    @WithDefault("5")
    int maxRedirects();

    /** Tries per task, counting takeovers after a worker died; transient failures retry up to it. */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the first retry of a transient failure; doubles each time. */
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
}
