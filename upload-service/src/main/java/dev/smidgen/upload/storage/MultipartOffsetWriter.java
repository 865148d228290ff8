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
import dev.smidgen.upload.sessions.SessionLock;
import dev.smidgen.upload.sessions.SessionWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * {@link OffsetStorage} on S3: the bytes go straight into the session's multipart upload. Full
 * parts are sent as they fill; the unfinished last part is kept as a small tail object, so the next
 * request can land on any replica, which fetches the tail (unless it kept the file itself,
 * {@link LocalTails}) and carries on filling that part. Parts are as big as the client's chunks
 * when it sends the file in chunks ({@link ChunkPartSize}), so that requests end on part boundaries
 * and need no tail.
 *
 * <p>A simple upload whose size is known up front is not cut into parts: it goes to S3 as one object
 * while it arrives, which S3 servers store with one write instead of storing parts and joining them at
 * the end; straight from the request when it announced its exact size ({@link DirectObjectAppender}),
 * through a spool file when the size is a form's estimate ({@link WholeObjectAppender}).
 */
@ApplicationScoped
@Typed(MultipartOffsetWriter.class)
public class MultipartOffsetWriter implements OffsetStorage {
    private static final String DEFAULT_TYPE = "application/octet-stream";

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

    @Inject
    SessionWrites writes;

    @Inject
    LocalTails tails;

    /**
     * Protocols that declare the file's length (tus, {@code Content-Range}) always go in parts, so
     * their multipart upload starts here; a simple upload's starts only if it turns out to need one.
     */
    @Override
    public Layout begin(UploadSessionEntity session, Long declaredLength, String contentType) {
        long partSize = PartSizing.partSize(
                declaredLength != null ? declaredLength : config.maxFileBytes(),
                config.partSize().asLongValue());
        if (declaredLength == null) {
            return new Layout(partSize, null);
        }
        return new Layout(partSize, multipart.create(session.storageKey, typeOf(contentType)));
    }

    /** The parts and the tail are S3's to keep; a part that went missing fails at assembly. */
    @Override
    public long stored(UploadSessionEntity session) {
        return session.received;
    }

    @Override
    public Appender open(UploadSessionEntity session, SessionLock.Held lock, Body body) {
        long offset = session.received;
        Long expected = body.expectedLength();
        if (offset == 0
                && body.endsFile()
                && expected != null
                && expected > 0
                && expected <= MultipartStore.MAX_SINGLE_PUT) {
            return body.exact()
                    ? new DirectObjectAppender(multipart, session.storageKey, expected, typeOf(body.contentType()))
                    : new WholeObjectAppender(
                            multipart,
                            blobs,
                            spool,
                            session.id,
                            session.storageKey,
                            expected,
                            typeOf(body.contentType()));
        }
        if (offset == 0) {
            fitPartsToChunks(session, lock, expected);
        }
        if (session.multipartId == null) {
            String uploadId = multipart.create(session.storageKey, typeOf(body.contentType()));
            writes.layout(session.id, lock.owner(), session.partSize, uploadId);
            session.multipartId = uploadId;
        }
        Path tail = offset % session.partSize == 0 ? null : tailOf(session);
        PartPipeline pipeline = new PartPipeline(
                multipart,
                spool,
                session.id,
                session.storageKey,
                session.multipartId,
                session.partSize,
                config.partsInFlight(),
                offset,
                tail,
                session.declaredLength,
                (number, size, etag) ->
                        sessions.recordPiece(session.id, UploadPartEntity.PART, number, size, etag, null));
        return new Appender() {
            @Override
            public void write(InputStream in, long limit) throws IOException {
                pipeline.write(in, limit, expected);
            }

            @Override
            public long bytesTaken() {
                return pipeline.bytesTaken();
            }

            @Override
            public void finishFile() {
                pipeline.sendLast();
                tails.forget(session.id);
                dropTails(session);
            }

            @Override
            public long keepForNextRequest() {
                Path rest = pipeline.finishWithTail();
                if (rest == null) {
                    tails.forget(session.id);
                    return pipeline.bytesTaken();
                }
                long reached = offset + pipeline.bytesTaken();
                try {
                    blobs.put(session.tailKey(reached), rest, DEFAULT_TYPE);
                } catch (RuntimeException e) {
                    spool.release(rest);
                    throw e;
                }
                tails.keep(session.id, session.multipartId, reached, rest);
                return pipeline.bytesTaken();
            }

            @Override
            public void committed() {
                if (offset % session.partSize != 0 && pipeline.bytesTaken() > 0) {
                    try {
                        blobs.delete(session.tailKey(offset)); // the tail the request started from
                    } catch (RuntimeException e) {
                        // Left for dropTails when the session ends: it no longer matches the offset.
                    }
                }
            }

            @Override
            public void close() {
                pipeline.close();
            }
        };
    }

    /** Joins the stored parts into the object once every byte is in; a file one request stored whole is in place already. */
    @Override
    public void assemble(UploadSessionEntity session) {
        if (session.multipartId == null) {
            long size = blobs.size(session.storageKey);
            if (size != session.received) {
                throw new SmidgenException(
                        ErrorCode.INTERNAL, "The stored file holds " + size + " bytes, not " + session.received + ".");
            }
            return;
        }
        List<UploadPartEntity> parts = sessions.pieces(session.id, UploadPartEntity.PART);
        int expected = PartSizing.partCount(session.received, session.partSize);
        long stored = parts.stream()
                .filter(p -> p.number <= expected)
                .mapToLong(p -> p.size)
                .sum();
        if (stored != session.received) {
            throw new SmidgenException(
                    ErrorCode.INTERNAL, "The stored parts hold " + stored + " bytes, not " + session.received + ".");
        }
        multipart.complete(
                session.storageKey,
                session.multipartId,
                parts.stream()
                        .filter(p -> p.number <= expected)
                        .map(p -> new MultipartStore.CompletedPart(p.number, p.etag))
                        .toList());
    }

    /**
     * Aborts the multipart upload (unfinished ones cost storage without showing up as objects), drops
     * the tail, and the object a simple upload stored whole if its session never completed.
     */
    @Override
    public void discard(UploadSessionEntity session) {
        tails.forget(session.id);
        if (session.multipartId != null) {
            multipart.abort(session.storageKey, session.multipartId);
        }
        dropTails(session);
        blobs.delete(session.storageKey);
    }

    /** Every tail the session stored, the current one and any a failed commit left behind. */
    private void dropTails(UploadSessionEntity session) {
        try (Stream<String> keys = blobs.keys(session.tailPrefix())) {
            keys.toList().forEach(blobs::delete);
        }
    }

    /**
     * Before the first byte is stored: parts of a whole number of the client's chunks, when its first
     * request looks like one chunk of many. Rows of parts an earlier attempt sent (a request that
     * failed its checksum) were cut to the old size, so they go.
     */
    private void fitPartsToChunks(UploadSessionEntity session, SessionLock.Held lock, Long expected) {
        if (session.declaredLength == null || expected == null) {
            return;
        }
        OptionalLong fitted = ChunkPartSize.of(session.declaredLength, expected);
        if (fitted.isEmpty() || fitted.getAsLong() == session.partSize) {
            return;
        }
        sessions.deletePieces(session.id, UploadPartEntity.PART);
        writes.layout(session.id, lock.owner(), fitted.getAsLong(), session.multipartId);
        session.partSize = fitted.getAsLong();
    }

    /** The bytes of the part the offset falls in: this replica's own copy when it stored them last, else the tail object. */
    private Path tailOf(UploadSessionEntity session) {
        long size = session.received % session.partSize;
        Path local = tails.take(session.id, session.multipartId, session.received, size);
        return local != null ? local : fetchTail(session, size);
    }

    private Path fetchTail(UploadSessionEntity session, long size) {
        Path file = spool.newFile(session.id);
        try (InputStream in = blobs.open(session.tailKey(session.received), null, null)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            if (Files.size(file) != size) {
                throw new SmidgenException(
                        ErrorCode.INTERNAL,
                        "The upload's stored tail holds " + Files.size(file) + " bytes, not " + size + ".");
            }
        } catch (IOException e) {
            spool.release(file);
            throw SmidgenException.transientFailure(
                    ErrorCode.UNAVAILABLE, "Could not read the upload's stored tail.", e);
        } catch (RuntimeException e) {
            spool.release(file);
            throw e;
        }
        return file;
    }

    private static String typeOf(String contentType) {
        return contentType == null ? DEFAULT_TYPE : contentType;
    }
}
