package dev.smidgen.upload.storage;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.uploads.UploadPartEntity;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadSessionRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Everything a session has put in storage before completion (the staged file on the filesystem
 * store; the open multipart upload and the tail object on S3; chunk objects on both) and how to
 * remove it: when a client cancels, when a rule is broken, when a simple upload starts over, and
 * when the janitor sweeps an expired session.
 */
@ApplicationScoped
public class SessionStorage {
    @Inject
    OffsetStorage offsets;

    @Inject
    BlobStore blobs;

    @Inject
    UploadSessionRepository sessions;

    @Inject
    EntityManager em;

    @Inject
    RunningDigests digests;

    /** Removes the session's stored bytes and forgets its parts and chunks. */
    public void discard(UploadSessionEntity session) {
        digests.forget(session.id);
        offsets.discard(session);
        for (UploadPartEntity chunk : sessions.pieces(session.id, UploadPartEntity.CHUNK)) {
            blobs.delete(chunk.storageKey);
        }
        sessions.deletePieces(session.id, UploadPartEntity.CHUNK);
        sessions.deletePieces(session.id, UploadPartEntity.PART);
    }

    /** Discards the bytes and puts the session back to "nothing received", still open. */
    public void reset(UploadSessionEntity session) {
        discard(session);
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("""
                UPDATE upload_sessions SET protocol = NULL, declared_length = NULL, received = 0, part_size = NULL,
                       multipart_id = NULL, updated = now()
                 WHERE id = ?1 AND status = 'open'
                """).setParameter(1, session.id).executeUpdate());
        session.protocol = null;
        session.declaredLength = null;
        session.received = 0;
        session.partSize = null;
        session.multipartId = null;
    }
}
