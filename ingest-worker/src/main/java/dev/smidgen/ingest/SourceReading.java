package dev.smidgen.ingest;

import dev.smidgen.catalog.connections.ConnectionObjects;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.ingest.fetch.FetchLimits;
import dev.smidgen.ingest.fetch.FetchPace;
import dev.smidgen.ingest.fetch.SourceReader;
import dev.smidgen.media.limits.PictureLimits;
import dev.smidgen.model.net.AddressGuard;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * How this worker reads a source and how much picture it probes, set up once from its settings:
 * the ingest and the probe step read URLs, uploads and the user's buckets under the same rules.
 */
@ApplicationScoped
public class SourceReading {
    @Inject
    IngestConfig config;

    @Inject
    BlobStore blobs;

    @Inject
    UploadConfig uploads;

    @Inject
    ConnectionObjects buckets;

    private SourceReader reader;
    private PictureLimits pictureLimits;

    @PostConstruct
    void init() {
        FetchLimits limits = new FetchLimits(
                        config.maxFileSize(), config.connectTimeout(), config.readTimeout(), config.maxRedirects())
                .withPace(new FetchPace(config.fetchDeadline(), config.minFetchRate(), config.minRateGrace()));
        pictureLimits = new PictureLimits(config.maxInputPixels(), config.maxInputFrames());
        reader = new SourceReader(new AddressGuard(config.allowPrivate()), blobs, limits, uploads.maxFileBytes())
                .withBuckets(buckets::open);
    }

    public SourceReader reader() {
        return reader;
    }

    public PictureLimits pictureLimits() {
        return pictureLimits;
    }
}
