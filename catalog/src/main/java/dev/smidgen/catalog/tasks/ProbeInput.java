package dev.smidgen.catalog.tasks;

import dev.smidgen.catalog.connections.BucketObject;
import dev.smidgen.model.net.SourceUrl;

/**
 * The {@code input} of a probe task (docs/api/jobs.md#tasks): the media facts of a URL or of an
 * object in the user's own bucket, read without keeping the file. Exactly one of the two is set.
 */
public record ProbeInput(SourceUrl url, BucketObject object) {
    /** The input as the client wrote it, for logs and the task's {@code input}. */
    public String describe() {
        return url != null ? url.toString() : object.url();
    }
}
