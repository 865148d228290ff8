package dev.smidgen.ingest;

import dev.smidgen.runtime.TaskWorkerConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the ingest worker: those of every task worker, and how it fetches URLs. */
@ConfigMapping(prefix = "smidgen.ingest")
public interface IngestConfig extends TaskWorkerConfig {
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
}
