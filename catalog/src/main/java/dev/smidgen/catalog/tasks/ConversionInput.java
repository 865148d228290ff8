package dev.smidgen.catalog.tasks;

import dev.smidgen.model.net.SourceUrl;

/**
 * The {@code input} of a conversion task: the file it converts, and for a conversion of a URL the
 * URL whose ingest it waits for (the file and media ids are filled in once that ingest completes).
 *
 * @param automationId the automation whose template asked for it, or null for a direct request
 */
public record ConversionInput(String automationId, SourceUrl url, String fileId, String mediaId) {

    /** This input pointed at {@code fileId} of {@code mediaId}, keeping the rest. */
    public ConversionInput withFile(String fileId, String mediaId) {
        return new ConversionInput(automationId, url, fileId, mediaId);
    }
}
