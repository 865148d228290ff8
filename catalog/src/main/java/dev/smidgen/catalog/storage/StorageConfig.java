package dev.smidgen.catalog.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where media bytes live: which store, and the settings every store shares. */
@ConfigMapping(prefix = "smidgen.storage")
public interface StorageConfig {
    /**
     * {@code filesystem}: objects are files under {@link #root()} (one machine, or a volume every
     * service mounts). {@code s3}: an S3-compatible bucket, see {@code smidgen.s3.*} (fleets).
     */
    @WithDefault("filesystem")
    Kind kind();

    /** The filesystem store's directory; required with {@code kind=filesystem}. */
    Optional<Path> root();

    /**
     * Where the S3 store keeps a new object's bytes before it uploads them (default: the system temp
     * dir). The filesystem store stages inside {@link #root()}, so that publishing is a rename.
     */
    Optional<Path> stagingDir();

    /**
     * A staged file nobody wrote to for this long is removed by the janitor. Longer than the longest
     * upload session ({@code smidgen.uploads.max-expiry}), whose bytes wait in a staged file between requests.
     */
    @WithDefault("8d")
    Duration stagedMaxIdle();

    /** How often the janitor looks for abandoned staged files. */
    @WithDefault("1h")
    Duration janitorInterval();

    enum Kind {
        FILESYSTEM,
        S3
    }
}
