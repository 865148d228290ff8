package dev.smidgen.api;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.StorageConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The api service owns storage set-up: the bucket or directory exists before the API accepts work,
 * and it runs the janitor that removes staged files a crash or a vanished client left behind.
 */
public class StorageBootstrap {
    private static final Logger LOG = Logger.getLogger(StorageBootstrap.class);

    @Inject
    BlobStore store;

    @Inject
    StorageConfig config;

    void onStart(@Observes StartupEvent event) {
        store.prepare();
    }

    @Scheduled(
            every = "${smidgen.storage.janitor-interval:1h}",
            delay = 1,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepStaged() {
        int removed = store.sweepStaged(config.stagedMaxIdle());
        if (removed > 0) {
            LOG.infof(
                    "Storage janitor: removed %d staged files idle for more than %s", removed, config.stagedMaxIdle());
        }
    }
}
