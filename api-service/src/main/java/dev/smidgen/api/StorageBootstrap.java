package dev.smidgen.api;

import dev.smidgen.catalog.storage.S3BlobStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Makes sure the bucket exists before the API accepts work (the api service owns setup). */
public class StorageBootstrap {
    @Inject
    S3BlobStore store;

    void onStart(@Observes StartupEvent event) {
        store.ensureBucket();
    }
}
