package dev.smidgen.upload.storage;

import dev.smidgen.catalog.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * Picks how offset uploads are kept, once, by the store: appending to one staged file where
 * publishing is a rename (the filesystem store), multipart parts where it is an upload (S3).
 */
@ApplicationScoped
class OffsetStorageChoice {
    private static final Logger LOG = Logger.getLogger(OffsetStorageChoice.class);

    @Produces
    @ApplicationScoped
    OffsetStorage offsetStorage(BlobStore blobs, AppendOffsetWriter append, MultipartOffsetWriter multipart) {
        OffsetStorage chosen = blobs.isLocal() ? append : multipart;
        LOG.infof(
                "Offset uploads (simple, Content-Range, tus) are kept by %s",
                chosen.getClass().getSimpleName().replace("_ClientProxy", ""));
        return chosen;
    }
}
