package dev.smidgen.upload.storage;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.MultipartStore;
import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.catalog.uploads.UploadPartEntity;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadSessionRepository;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.uploads.PartSizing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@link OffsetStorage} on S3: the bytes go straight into the session's multipart upload. Full
 * parts are sent as they fill; the unfinished last part is kept as a small tail object, so the next
 * request can land on any replica, which fetches the tail and carries on filling that part.
 */
@ApplicationScoped
@Typed(MultipartOffsetWriter.class)
public class MultipartOffsetWriter implements OffsetStorage {
    @Inject
    MultipartStore multipart;
    @Inject
    BlobStore blobs;
    @Inject
    Spool spool;
    @Inject
    UploadConfig config;
    @Inject
    UploadSessionRepository sessions;

    @Override
    public Layout begin(UploadSessionEntity session, Long declaredLength, String contentType) {
        long partSize = PartSizing.partSize(declaredLength != null ? declaredLength : config.maxFileBytes(), config.partSize().asLongValue());
        String uploadId = multipart.create(session.storageKey, contentType == null ? "application/octet-stream" : contentType);
        return new Layout(partSize, uploadId);
    }

    /** The parts and the tail are S3's to keep; a part that went missing fails at assembly. */
    @Override
    public long stored(UploadSessionEntity session) {
        return session.received;
    }

    @Override
    public Appender open(UploadSessionEntity session) {
        long offset = session.received;
        Path tail = offset % session.partSize == 0 ? null : fetchTail(session);
        PartPipeline pipeline = new PartPipeline(multipart, spool, session.id, session.storageKey, session.multipartId,
                session.partSize, config.partsInFlight(), offset, tail,
                (number, size, etag) -> sessions.recordPiece(session.id, UploadPartEntity.PART, number, size, etag, null));
        return new Appender() {
            @Override
            public void write(InputStream body, long limit) throws IOException {
                pipeline.write(body, limit);
            }

            @Override
            public long bytesTaken() {
                return pipeline.bytesTaken();
            }

            @Override
            public void finishFile() {
                pipeline.sendLast();
                blobs.delete(session.tailKey());
            }

            @Override
            public void keepForNextRequest() {
                Path rest = pipeline.finishWithTail();
                if (rest == null) {
                    return;
                }
                try {
                    blobs.put(session.tailKey(), rest, "application/octet-stream");
                } finally {
                    spool.release(rest);
                }
            }

            @Override
            public void close() {
                pipeline.close();
            }
        };
    }

    /** Joins the stored parts into the object once every byte is in. */
    @Override
    public void assemble(UploadSessionEntity session) {
        List<UploadPartEntity> parts = sessions.pieces(session.id, UploadPartEntity.PART);
        int expected = PartSizing.partCount(session.received, session.partSize);
        long stored = parts.stream().filter(p -> p.number <= expected).mapToLong(p -> p.size).sum();
        if (stored != session.received) {
            throw new SmidgenException(ErrorCode.INTERNAL, "The stored parts hold " + stored + " bytes, not " + session.received + ".");
        }
        multipart.complete(session.storageKey, session.multipartId, parts.stream().filter(p -> p.number <= expected)
                .map(p -> new MultipartStore.CompletedPart(p.number, p.etag)).toList());
    }

    /** Aborts the multipart upload (unfinished ones cost storage without showing up as objects) and drops the tail. */
    @Override
    public void discard(UploadSessionEntity session) {
        if (session.multipartId != null) {
            multipart.abort(session.storageKey, session.multipartId);
        }
        blobs.delete(session.tailKey());
    }

    private Path fetchTail(UploadSessionEntity session) {
        Path file = spool.newFile(session.id);
        try (InputStream in = blobs.open(session.tailKey(), null, null)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            spool.release(file);
            throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "Could not read the upload's stored tail.", e);
        }
        return file;
    }
}
