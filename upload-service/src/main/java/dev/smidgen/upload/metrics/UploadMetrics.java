package dev.smidgen.upload.metrics;

import dev.smidgen.catalog.uploads.UploadSessionRepository;
import dev.smidgen.catalog.uploads.UploadStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an operator watches on the upload fleet: bytes received by protocol, and the sessions
 * still open (taking bytes, not expired) across all replicas. The open count is a database
 * figure, so every replica reports the same number; it is refreshed on a schedule rather than on
 * every scrape, so scrapes never load the database.
 */
@ApplicationScoped
public class UploadMetrics {
    @Inject
    MeterRegistry registry;

    @Inject
    UploadSessionRepository sessions;

    private final AtomicLong open = new AtomicLong();

    @PostConstruct
    void register() {
        Gauge.builder("smidgen.upload.sessions.open", open, AtomicLong::get)
                .description("Upload sessions that are open and not expired, in the whole deployment")
                .register(registry);
    }

    /** Bytes stored for a session by one request; {@code protocol} is simple, chunked, range or tus. */
    public void received(String protocol, long bytes) {
        if (bytes > 0) {
            Counter.builder("smidgen.upload.bytes")
                    .description("Bytes received by uploads")
                    .baseUnit("bytes")
                    .tag("protocol", protocol)
                    .register(registry)
                    .increment(bytes);
        }
    }

    @Scheduled(every = "30s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshOpenSessions() {
        open.set(sessions.count("status = ?1 and expires > ?2", UploadStatus.OPEN, Instant.now()));
    }
}
