package dev.smidgen.upload.storage;

import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.upload.sessions.SessionLock;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where the offset protocols' bytes wait between requests, and how they become the session's
 * object: S3 keeps them as multipart parts plus a tail object ({@link MultipartOffsetWriter}); the
 * filesystem store appends them to one staged file that is renamed into place at the end
 * ({@link AppendOffsetWriter}). {@link OffsetWriter} does the protocol-neutral rest (limits, checks,
 * the session's offset) and picks one of these by the store.
 */
public interface OffsetStorage {
    /** Prepares storage for a session's first bytes; what it returns is recorded on the session. */
    Layout begin(UploadSessionEntity session, Long declaredLength, String contentType);

    /**
     * Bytes from offset 0 that are durably stored for the session. Less than
     * {@code session.received} only when stored bytes were lost (an operator emptied the staging
     * directory), in which case the session must rewind to it.
     */
    long stored(UploadSessionEntity session);

    /**
     * A writer positioned at {@code session.received}, for one request's body; {@code lock} is the
     * request's hold on the session, under which storage may record how it lays the bytes out.
     */
    Appender open(UploadSessionEntity session, SessionLock.Held lock, Body body);

    /** Makes the complete file (all {@code session.received} bytes) the object at {@code session.storageKey}. */
    void assemble(UploadSessionEntity session);

    /** Removes whatever this storage keeps for an unfinished session; nothing there is not an error. */
    void discard(UploadSessionEntity session);

    /** The session columns {@link #begin} fixes: S3's part size and multipart upload id, or nulls. */
    record Layout(Long partSize, String multipartId) {}

    /**
     * What a request says about its body before it is read. {@code expectedLength}: the bytes it should
     * carry from the session's offset on, when known (a {@code Content-Length}, or what a form's length
     * leaves for its file); never trusted for what is stored. {@code exact}: the body is exactly that
     * long unless the client goes away (HTTP framing says so), rather than an estimate. {@code endsFile}:
     * its end is the file's end (a simple upload). {@code contentType}: the file's type.
     */
    record Body(Long expectedLength, boolean exact, boolean endsFile, String contentType) {}

    /** One request's bytes on their way into storage. */
    interface Appender extends AutoCloseable {
        /**
         * Copies the stream in until it ends; more than {@code limit} bytes in all fail with
         * {@code file_too_large}. An {@link IOException} is the client going away: it propagates
         * with every byte read before it counted in {@link #bytesTaken()}. A storage failure is a
         * {@code SmidgenException}, never an {@link IOException}.
         */
        void write(InputStream body, long limit) throws IOException;

        /** Bytes taken from the body so far. */
        long bytesTaken();

        /** The body ended the file: everything taken is stored, ready for {@link OffsetStorage#assemble}. */
        void finishFile();

        /**
         * More bytes will follow in another request (or the client went away): stores durably what it
         * can of the bytes taken, and returns how many of them, from the first, the offset may advance by.
         */
        long keepForNextRequest();

        /** The session's new offset is committed: what only the old offset needed can go. */
        default void committed() {}

        /** Releases what the request held; bytes not kept by one of the two calls above do not count. */
        @Override
        void close();
    }
}
