package dev.smidgen.upload.storage;

import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.uploads.UploadConditions;
import dev.smidgen.upload.metrics.UploadMetrics;
import dev.smidgen.upload.sessions.SessionLock;
import dev.smidgen.upload.sessions.SessionWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Writes the protocols that send bytes in order from a known offset (simple form posts,
 * {@code Content-Range} PUTs and tus PATCHes). The rules are the same on every store: a request's
 * bytes count once they are durably stored and its checks passed, a client cut off mid-request keeps
 * every byte that arrived, and the declared length or the size limit is never exceeded. Where the
 * bytes wait is the store's {@link OffsetStorage}: one staged file on the filesystem, multipart
 * parts and a tail object on S3.
 */
@ApplicationScoped
public class OffsetWriter {
    private static final Logger LOG = Logger.getLogger(OffsetWriter.class);

    @Inject
    UploadMetrics metrics;

    @Inject
    OffsetStorage storage;

    @Inject
    UploadConfig config;

    @Inject
    SessionWrites writes;

    @Inject
    RunningDigests digests;

    /**
     * Where a request left the upload. {@code cut}: the client went away before its body ended.
     * {@code sha256}: the lower-case hex SHA-256 of the whole file when it is complete and its bytes
     * came through this replica in order ({@link RunningDigests}), else null.
     */
    public record Written(long offset, boolean complete, boolean cut, String sha256) {}

    /** A check of the whole request body, run before its bytes count (tus {@code Upload-Checksum}). */
    @FunctionalInterface
    public interface BodyCheck {
        void verify();
    }

    /**
     * Binds the session to a protocol and a total size on its first bytes (or checks that a later
     * request agrees), and prepares its storage. Sizes over the limit are refused here, before any
     * byte is stored.
     */
    public UploadSessionEntity begin(
            UploadSessionEntity session,
            SessionLock.Held lock,
            String protocol,
            Long declaredLength,
            String contentType) {
        if (declaredLength != null) {
            refuseDeclaredSize(session, declaredLength);
        }
        if (session.protocol != null) {
            if (!session.protocol.equals(protocol)) {
                throw new SmidgenException(
                        ErrorCode.CONFLICT,
                        "This upload is already being sent with the " + session.protocol
                                + " protocol; continue with it.");
            }
            if (declaredLength != null
                    && session.declaredLength != null
                    && !declaredLength.equals(session.declaredLength)) {
                throw SmidgenException.invalid(
                        "Content-Range",
                        "The upload was declared as " + session.declaredLength + " bytes; it cannot change to "
                                + declaredLength + ".");
            }
            return session;
        }
        OffsetStorage.Layout layout = storage.begin(session, declaredLength, contentType);
        writes.begin(session.id, lock.owner(), protocol, declaredLength, layout.partSize(), layout.multipartId());
        session.protocol = protocol;
        session.declaredLength = declaredLength;
        session.partSize = layout.partSize();
        session.multipartId = layout.multipartId();
        return session;
    }

    /**
     * Appends {@code body} at the session's offset. {@code shape}: what the request says of it; when
     * it {@code endsFile} (a simple upload) the body's end is the file's end, otherwise the file is
     * complete when the declared length is reached.
     */
    public Written append(
            UploadSessionEntity session,
            SessionLock.Held lock,
            InputStream body,
            OffsetStorage.Body shape,
            BodyCheck check) {
        long offset = session.received;
        requireStored(session, lock);
        long limit = (session.declaredLength != null ? session.declaredLength : config.maxFileBytes()) - offset;
        // Hashing on the way in saves the ingest reading the whole file again: from offset 0, or continuing
        // the digest of this session's earlier requests when they came here in order.
        MessageDigest sha256 = digests.take(session.id, offset);
        InputStream in = sha256 == null ? body : new DigestInputStream(body, sha256);
        boolean cut = false;
        try (OffsetStorage.Appender appender = storage.open(session, lock, shape)) {
            try {
                appender.write(in, limit);
            } catch (IOException e) {
                // The client went away: keep what arrived so it can resume from there.
                LOG.infof(
                        "%s: request body cut %d bytes after offset %d: %s",
                        session.id, appender.bytesTaken(), offset, e.getMessage());
                cut = true;
            }
            long taken = appender.bytesTaken();
            metrics.received(session.protocol, taken);
            if (!cut && check != null) {
                check.verify();
            }
            boolean complete = !cut
                    && (shape.endsFile() || session.declaredLength != null && offset + taken == session.declaredLength);
            long kept;
            if (complete) {
                if (taken == 0 && offset == 0) {
                    throw new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "The file is empty.");
                }
                appender.finishFile();
                kept = taken;
            } else {
                kept = appender.keepForNextRequest();
            }
            long reached = offset + kept;
            if (complete) {
                writes.advance(session.id, lock.owner(), reached); // the lock stays for the completion
            } else {
                advanceAndRelease(session, lock, reached, kept == taken ? sha256 : null);
            }
            appender.committed();
            session.received = reached;
            if (complete && session.declaredLength == null) {
                session.declaredLength = reached;
            }
            return new Written(
                    reached,
                    complete,
                    cut,
                    complete && sha256 != null ? HexFormat.of().formatHex(sha256.digest()) : null);
        }
    }

    /**
     * A request that leaves the file unfinished has nothing left to do under the lock: its new offset
     * and the lock's release share one commit. The running digest (of every byte the request saw, when
     * it kept them all) is put back first, while no other request can take it, and dropped again if
     * the offset could not be recorded.
     */
    private void advanceAndRelease(
            UploadSessionEntity session, SessionLock.Held lock, long reached, MessageDigest sha256) {
        digests.keep(session.id, reached, sha256);
        try {
            lock.advanceAndRelease(reached);
        } catch (RuntimeException e) {
            digests.forget(session.id);
            throw e;
        }
    }

    /** Makes the stored bytes the session's object once every byte is in. */
    public void assemble(UploadSessionEntity session) {
        storage.assemble(session);
    }

    /**
     * Stored bytes can only fall short of the offset when they were removed behind the service's
     * back; the offset then goes back to what is still there, and the client is told to resume from it.
     */
    private void requireStored(UploadSessionEntity session, SessionLock.Held lock) {
        long stored = storage.stored(session);
        if (stored >= session.received) {
            return;
        }
        LOG.warnf(
                "%s: only %d of the %d bytes received are still stored; the upload resumes from %d",
                session.id, stored, session.received, stored);
        writes.advance(session.id, lock.owner(), stored);
        session.received = stored;
        throw new SmidgenException(
                ErrorCode.CONFLICT,
                "Only " + stored + " bytes of this upload are still stored; send the bytes from offset " + stored
                        + ".");
    }

    /** Refuses, before any byte is read, a size that is over the limit or certain to break a filesize rule. */
    public void refuseDeclaredSize(UploadSessionEntity session, long size) {
        if (size > config.maxFileBytes()) {
            throw new SmidgenException(
                    ErrorCode.FILE_TOO_LARGE,
                    "The file is " + size + " bytes; uploads may be at most " + config.maxFileBytes() + " bytes.");
        }
        List<UploadConditions.Rule> failed =
                UploadConditions.parse(session.conditions).failuresForDeclaredSize(size);
        if (!failed.isEmpty()) {
            throw new SmidgenException(
                    ErrorCode.CONDITION_FAILED,
                    "The file does not meet the upload conditions: "
                            + failed.stream()
                                    .map(UploadConditions.Rule::describe)
                                    .collect(Collectors.joining(", ")) + ".",
                    "conditions");
        }
    }
}
