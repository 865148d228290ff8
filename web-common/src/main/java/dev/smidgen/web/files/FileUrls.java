package dev.smidgen.web.files;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.web.config.DeliveryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;

/**
 * Delivery URLs of stored files: {@code {delivery base}/{project}/{folder}/{filename}}, or the
 * object key of a file that lost its path to an overwrite.
 */
@ApplicationScoped
public class FileUrls {
    @Inject
    DeliveryConfig config;

    public String of(FileEntity file) {
        return file.filename == null
                ? config.baseUrl() + "/" + file.storageKey
                : of(file.projectId, file.folder, file.filename);
    }

    /** The URL a file at {@code folder/filename} of a project has, whether or not it exists yet. */
    public String of(String projectId, String folder, String filename) {
        return config.baseUrl() + "/" + StoragePaths.storageKey(projectId, folder, filename);
    }

    /** Scheme, host and port of delivery URLs, e.g. {@code https://cdn.example.com}. */
    public String domain() {
        URI base = URI.create(config.baseUrl());
        return base.getScheme() + "://" + base.getRawAuthority();
    }
}
