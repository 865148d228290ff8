package dev.smidgen.upload.storage;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.CopiedStagedObject;
import dev.smidgen.catalog.storage.StagedObject;
import dev.smidgen.catalog.uploads.UploadConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Local scratch files for bytes on their way to S3, so that memory stays bounded whatever the part
 * size: a request holds the parts it has in flight ({@code smidgen.uploads.parts-in-flight} + 1), or,
 * for a simple upload sent as one object, the file so far; {@link LocalTails} keeps a bounded few
 * tails between requests.
 */
@ApplicationScoped
public class Spool {
    @Inject
    UploadConfig config;

    private Path dir;

    /** A spool in {@code dir} outside CDI (unit tests of what spools). */
    static Spool at(Path dir) {
        Spool spool = new Spool();
        spool.dir = dir;
        return spool;
    }

    @PostConstruct
    void init() {
        dir = config.spoolDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "smidgen-upload-spool"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the upload spool directory " + dir, e);
        }
    }

    /** A new empty file; the caller deletes it with {@link #release}. */
    public Path newFile(String sessionId) {
        try {
            return Files.createTempFile(dir, sessionId + "-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a spool file in " + dir, e);
        }
    }

    /**
     * A new object's bytes in a spool file, published by a copy into {@code store}: how a store
     * that cannot rename a local file into place (S3) takes a request body of unknown size.
     */
    public StagedObject stage(String sessionId, BlobStore store) {
        return new CopiedStagedObject(newFile(sessionId), store);
    }

    public void release(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temp file is harmless; the OS cleans its temp dir
        }
    }
}
