package dev.smidgen.api.files;

import dev.smidgen.api.config.DeliveryConfig;
import dev.smidgen.catalog.files.FileEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Delivery URLs of stored files: {@code {delivery base}/{object key}}. */
@ApplicationScoped
public class FileUrls {
    @Inject
    DeliveryConfig config;

    public String of(FileEntity file) {
        return config.baseUrl() + "/" + file.storageKey;
    }
}
