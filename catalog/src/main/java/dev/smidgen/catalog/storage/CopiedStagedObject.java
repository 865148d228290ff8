package dev.smidgen.catalog.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A staged object in a local file that publishing copies into a store ({@link BlobStore#put}), then
 * deletes: how a store that cannot rename a local file into place (S3) takes new bytes.
 */
public final class CopiedStagedObject implements StagedObject {
    private final Path file;
    private final BlobStore store;

    public CopiedStagedObject(Path file, BlobStore store) {
        this.file = file;
        this.store = store;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public void publish(String key, String contentType) {
        StorageSpans.write("publish", "copied", key, () -> publishCopy(key, contentType));
    }

    private void publishCopy(String key, String contentType) {
        store.put(key, file, contentType);
        discard();
    }

    @Override
    public void discard() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover is the staged-file janitor's
        }
    }
}
