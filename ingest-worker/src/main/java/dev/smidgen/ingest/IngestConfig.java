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

    /**
     * Longest a URL's whole download may take, from the first connection to the last byte; past it the
     * ingest fails with {@code source_too_slow}. Bounds a source that keeps every read inside the read
     * timeout yet never ends.
     */
    @WithDefault("30m")
    Duration fetchDeadline();

    /**
     * Slowest average rate, in bytes per second, a download may keep once {@link #minRateGrace()} has
     * passed; slower fails with {@code source_too_slow}. 0 switches the check off.
     */
    @WithDefault("65536")
    long minFetchRate();

    /** How long a download may run before its average rate is held to {@link #minFetchRate()}. */
    @WithDefault("60s")
    Duration minRateGrace();

    /**
     * Largest picture, width × height, an ingest accepts (default 8192 × 8192); checked on the probe,
     * before any frame is decoded, and refused with {@code input_too_large}.
     */
    @WithDefault("67108864")
    long maxInputPixels();

    /** Most frames of a video an ingest accepts (default ten hours at 30 fps); more is {@code input_too_large}. */
    @WithDefault("1080000")
    long maxInputFrames();
}
