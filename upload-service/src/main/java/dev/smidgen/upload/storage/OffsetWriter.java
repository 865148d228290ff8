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
import dev.smidgen.model.uploads.UploadConditions;
import dev.smidgen.upload.metrics.UploadMetrics;
import dev.smidgen.upload.sessions.SessionLock;
import dev.smidgen.upload.sessions.SessionWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Writes the protocols that send bytes in order from a known offset (simple form posts,
 * {@code Content-Range} PUTs and tus PATCHes) straight into the session's multipart upload. Full
 * parts go to S3 as they fill; the unfinished last part is kept as a small tail object, so the
 * next request can land on any replica, and a client cut off mid-request keeps every byte that
 * arrived.
 */
@ApplicationScoped
public class OffsetWriter {
    private static final Logger LOG = Logger.getLogger(OffsetWriter.class);

    @Inject
    UploadMetrics metrics;
    @Inject
    MultipartStore multipart;
    @Inject
    BlobStore blobs;
    @Inject
    Spool spool;
    @Inject
    UploadConfig config;
    @Inject
    SessionWrites writes;
    @Inject
    UploadSessionRepository sessions;

    /** Where a request left the upload. {@code cut}: the client went away before its body ended. */
    public record Written(long offset, boolean complete, boolean cut) {
    }

    /** A check of the whole request body, run before its bytes count (tus {@code Upload-Checksum}). */
    @FunctionalInterface
    public interface BodyCheck {
        void verify();
    }

    /**
     * Binds the session to a protocol and a total size on its first bytes (or checks that a later
     * request agrees), and opens its multipart upload. Sizes over the limit are refused here,
     * before any byte is stored.
     */
    public UploadSessionEntity begin(UploadSessionEntity session, SessionLock.Held lock, String protocol, Long declaredLength,
            String contentType) {
        if (declaredLength != null) {
            refuseDeclaredSize(session, declaredLength);
        }
        if (session.protocol != null) {
            if (!session.protocol.equals(protocol)) {
                throw new SmidgenException(ErrorCode.CONFLICT,
                        "This upload is already being sent with the " + session.protocol + " protocol; continue with it.");
            }
            if (declaredLength != null && session.declaredLength != null && !declaredLength.equals(session.declaredLength)) {
                throw SmidgenException.invalid("Content-Range",
                        "The upload was declared as " + session.declaredLength + " bytes; it cannot change to " + declaredLength + ".");
            }
            return session;
        }
        long partSize = PartSizing.partSize(declaredLength != null ? declaredLength : config.maxFileBytes(), config.partSize().asLongValue());
        String uploadId = multipart.create(session.storageKey, contentType == null ? "application/octet-stream" : contentType);
        writes.begin(session.id, lock.owner(), protocol, declaredLength, partSize, uploadId);
        session.protocol = protocol;
        session.declaredLength = declaredLength;
        session.partSize = partSize;
        session.multipartId = uploadId;
        return session;
    }

    /**
     * Appends {@code body} at the session's offset. {@code endsFile}: the body's end is the file's
     * end (a simple upload), otherwise the file is complete when the declared length is reached.
     */
    public Written append(UploadSessionEntity session, SessionLock.Held lock, InputStream body, boolean endsFile, BodyCheck check) {
        long offset = session.received;
        long limit = (session.declaredLength != null ? session.declaredLength : config.maxFileBytes()) - offset;
        Path tail = offset % session.partSize == 0 ? null : fetchTail(session);
        boolean cut = false;
        try (PartPipeline pipeline = new PartPipeline(multipart, spool, session.id, session.storageKey, session.multipartId,
                session.partSize, config.partsInFlight(), offset, tail, (number, size, etag) -> sessions.recordPiece(session.id, UploadPartEntity.PART, number, size, etag, null))) {
            try {
                pipeline.write(body, limit);
            } catch (IOException e) {
                // The client went away: keep what arrived so it can resume from there.
                LOG.infof("%s: request body cut %d bytes after offset %d: %s", session.id, pipeline.bytesTaken(), offset, e.getMessage());
                cut = true;
            }
            long taken = pipeline.bytesTaken();
            metrics.received(session.protocol, taken);
            if (!cut && check != null) {
                check.verify();
            }
            long reached = offset + taken;
            boolean complete = !cut && (endsFile || session.declaredLength != null && reached == session.declaredLength);
            if (complete) {
                if (reached == 0) {
                    throw new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "The file is empty.");
                }
                pipeline.sendLast();
                blobs.delete(session.tailKey());
            } else {
                Path rest = pipeline.finishWithTail();
                try {
                    if (rest != null) {
                        blobs.put(session.tailKey(), rest, "application/octet-stream");
                    }
                } finally {
                    if (rest != null) {
                        spool.release(rest);
                    }
                }
            }
            writes.advance(session.id, lock.owner(), reached);
            session.received = reached;
            if (complete && session.declaredLength == null) {
                session.declaredLength = reached;
            }
            return new Written(reached, complete, cut);
        }
    }

    /** Joins the stored parts into the object once every byte is in. */
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

    /** Refuses, before any byte is read, a size that is over the limit or certain to break a filesize rule. */
    public void refuseDeclaredSize(UploadSessionEntity session, long size) {
        if (size > config.maxFileBytes()) {
            throw new SmidgenException(ErrorCode.FILE_TOO_LARGE,
                    "The file is " + size + " bytes; uploads may be at most " + config.maxFileBytes() + " bytes.");
        }
        List<UploadConditions.Rule> failed = UploadConditions.parse(session.conditions).failuresForDeclaredSize(size);
        if (!failed.isEmpty()) {
            throw new SmidgenException(ErrorCode.CONDITION_FAILED, "The file does not meet the upload conditions: "
                    + failed.stream().map(UploadConditions.Rule::describe).collect(Collectors.joining(", ")) + ".", "conditions");
        }
    }
}
