package dev.smidgen.catalog.tasks;

import dev.smidgen.catalog.connections.BucketObject;

/**
 * The {@code input} of an export task (docs/api/connections.md): a stored file, copied to an object
 * in the user's own bucket.
 *
 * @param fileId the file to copy; null while the export waits for the step that makes it (a job's
 *               encode), which fills it in when it completes
 * @param to     where the copy goes
 */
public record ExportInput(String fileId, BucketObject to) {
    public ExportInput withFile(String fileId) {
        return new ExportInput(fileId, to);
    }
}
