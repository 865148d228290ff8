package dev.smidgen.upload.storage;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.StagedObject;
import dev.smidgen.catalog.storage.Writeback;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.upload.sessions.SessionLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link OffsetStorage} on the filesystem store: every request appends to one staged file
 * ({@link UploadSessionEntity#stageName()}, next to the objects), and the last byte renames it to the
 * session's key. Each byte is written once; there are no parts, no tail and no spool copies.
 *
 * <p>The session's offset is the truth: a request first cuts the file back to it (bytes past it were
 * never acknowledged: a checksum that failed, a crash between the write and the offset's update),
 * and the file is flushed to disk before the offset moves past new bytes. The staged file sits on
 * the store's volume, so any replica that mounts it can continue the upload.
 */
@ApplicationScoped
@Typed(AppendOffsetWriter.class)
public class AppendOffsetWriter implements OffsetStorage {
    /** Bytes read from the request before each write: large writes, and a request's heap use stays at this. */
    static final int BUFFER = 1024 * 1024;
    /**
     * The most bytes written between two flushes that start while the body still arrives: big enough
     * that the journal commit of each costs nothing next to it. A request expected to be shorter flushes
     * every quarter of its length, so that even a tus chunk's bytes start for the disk before its end.
     */
    static final long MAX_FLUSH_STEP = 32L * 1024 * 1024;

    @Inject
    BlobStore blobs;

    /** Nothing to prepare: the staged file is created by the first bytes. */
    @Override
    public Layout begin(UploadSessionEntity session, Long declaredLength, String contentType) {
        return new Layout(null, null);
    }

    @Override
    public long stored(UploadSessionEntity session) {
        if (alreadyPublished(session)) {
            return session.received;
        }
        return Math.max(0, sizeOf(staged(session).file()));
    }

    @Override
    public Appender open(UploadSessionEntity session, SessionLock.Held lock, Body body) {
        Path file = staged(session).file();
        long offset = session.received;
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                long size = channel.size();
                if (size < offset && !alreadyPublished(session)) {
                    throw new IllegalStateException("The staged file of " + session.id + " holds " + size
                            + " bytes, less than its offset " + offset);
                }
                if (size > offset) {
                    channel.truncate(offset); // never acknowledged: the client sends these bytes again
                }
                channel.position(offset);
                return new FileAppender(channel, session.id, new Writeback(file, flushStep(body.expectedLength())));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw failure(session.id, "opening", e);
        }
    }

    @Override
    public void assemble(UploadSessionEntity session) {
        StagedObject staged = staged(session);
        long size = sizeOf(staged.file());
        if (size < session.received && alreadyPublished(session)) {
            staged.discard();
            return;
        }
        if (size != session.received) {
            throw new SmidgenException(
                    ErrorCode.INTERNAL, "The staged file holds " + size + " bytes, not " + session.received + ".");
        }
        staged.publish(session.storageKey, "application/octet-stream");
    }

    @Override
    public void discard(UploadSessionEntity session) {
        staged(session).discard();
    }

    private StagedObject staged(UploadSessionEntity session) {
        return blobs.stage(session.stageName());
    }

    /**
     * An earlier request published every byte and then stopped before the session moved on (the
     * service died in between): the object is there, the staged file is not, and a retry finds
     * nothing left to write.
     */
    private boolean alreadyPublished(UploadSessionEntity session) {
        return session.declaredLength != null
                && session.received == session.declaredLength
                && session.received > 0
                && sizeOf(staged(session).file()) < session.received
                && blobs.exists(session.storageKey)
                && blobs.size(session.storageKey) == session.received;
    }

    /** Bytes between the flushes that run while a body of {@code expected} bytes (null: not known) arrives. */
    static long flushStep(Long expected) {
        if (expected == null) {
            return MAX_FLUSH_STEP;
        }
        return Math.max(BUFFER, Math.min(MAX_FLUSH_STEP, expected / 4));
    }

    /** The file's size, or -1 when there is none. */
    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw SmidgenException.transientFailure(
                    ErrorCode.UNAVAILABLE,
                    "File storage failed reading the size of " + file + ": " + e.getMessage(),
                    e);
        }
    }

    static SmidgenException failure(String sessionId, String what, IOException e) {
        return SmidgenException.transientFailure(
                ErrorCode.UNAVAILABLE,
                "File storage failed " + what + " the staged file of upload " + sessionId + ": " + e.getMessage(),
                e);
    }

    /**
     * One request's bytes appended to the open staged file. While they arrive, a {@link Writeback}
     * flushes what is written so far, so that the disk takes them while the rest still comes: the flush
     * that must precede the offset's update then waits only for the tail. That last flush still covers
     * the whole request; the early ones are no promise, and their errors are left for it to report.
     */
    static final class FileAppender implements Appender {
        private final FileChannel channel;
        private final String sessionId;
        private final Writeback writeback;
        private long taken;

        FileAppender(FileChannel channel, String sessionId, Writeback writeback) {
            this.channel = channel;
            this.sessionId = sessionId;
            this.writeback = writeback;
        }

        @Override
        public void write(InputStream body, long limit) throws IOException {
            byte[] buffer = new byte[BUFFER];
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            int filled = 0;
            try {
                while (true) {
                    int n = body.read(buffer, filled, buffer.length - filled);
                    if (n < 0) {
                        break;
                    }
                    if (taken + filled + n > limit) {
                        throw new SmidgenException(
                                ErrorCode.FILE_TOO_LARGE,
                                "The upload is larger than its declared or allowed size (" + limit
                                        + " more bytes were expected at most).");
                    }
                    filled += n;
                    if (filled == buffer.length) {
                        store(wrapped, filled);
                        filled = 0;
                    }
                }
            } catch (IOException clientGone) {
                store(wrapped, filled); // what arrived before the cut counts
                throw clientGone;
            }
            store(wrapped, filled);
        }

        /** Writes the first {@code count} bytes of the buffer at the channel's position. */
        private void store(ByteBuffer buffer, int count) {
            buffer.clear().limit(count);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                throw failure(sessionId, "writing", e); // the disk, not the client: no offset moves past these bytes
            }
            taken += count;
            writeback.written(taken);
        }

        /** Flushes started while the body arrived. */
        int earlyFlushes() {
            return writeback.flushes();
        }

        @Override
        public long bytesTaken() {
            return taken;
        }

        @Override
        public void finishFile() {
            flush();
        }

        @Override
        public long keepForNextRequest() {
            flush();
            return taken;
        }

        /** fdatasync: the bytes and the file's length are on disk before the offset says so. */
        private void flush() {
            writeback.finish();
            try {
                channel.force(false);
            } catch (IOException e) {
                throw failure(sessionId, "flushing", e);
            }
        }

        @Override
        public void close() {
            writeback.finish();
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing the offset relies on: every kept byte was flushed before
            }
        }
    }
}
