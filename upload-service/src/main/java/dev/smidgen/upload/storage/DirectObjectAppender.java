package dev.smidgen.upload.storage;

import dev.smidgen.catalog.storage.BlockInputStream;
import dev.smidgen.catalog.storage.BodySource;
import dev.smidgen.catalog.storage.MultipartStore;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A simple upload whose request announced its exact size (a PUT of the bare file with a
 * {@code Content-Length}) on S3: the request body is the PutObject's body, read by the store's client
 * as it arrives, with no spool file in between (writing and reading one cost about a quarter of the
 * service's CPU on such a PUT). Nothing is kept if the client goes away (a simple upload starts over),
 * so there is nothing a spool copy could be needed for; a PutObject that fails for another reason
 * fails the request, and the client sends the file again. That includes a client that stops sending
 * for longer than the S3 server waits for a request's body (about 20 s on AWS): clients on networks
 * that stall use the resumable protocols.
 */
final class DirectObjectAppender implements OffsetStorage.Appender {
    private final MultipartStore multipart;
    private final String key;
    private final long length;
    private final String contentType;
    private long taken;
    /** What the request body threw while the store read it (a client that went away, a rule broken). */
    private Exception bodyFailure;

    private boolean opened;

    DirectObjectAppender(MultipartStore multipart, String key, long length, String contentType) {
        this.multipart = multipart;
        this.key = key;
        this.length = length;
        this.contentType = contentType;
    }

    /** Stores the object; an {@link IOException} is the client going away before its last byte, and nothing is stored then. */
    @Override
    public void write(InputStream in, long limit) throws IOException {
        if (length > limit) {
            throw new SmidgenException(
                    ErrorCode.FILE_TOO_LARGE,
                    "The upload is larger than its declared or allowed size (" + limit
                            + " more bytes were expected at most).");
        }
        BodySource once = () -> {
            if (opened) {
                throw new IOException("A request body cannot be sent twice");
            }
            opened = true;
            return new Counted(in);
        };
        try {
            multipart.putObject(key, once, length, contentType);
        } catch (RuntimeException e) {
            if (bodyFailure instanceof IOException cut) {
                throw cut;
            }
            if (bodyFailure instanceof RuntimeException broken) {
                throw broken;
            }
            if (taken < length) {
                throw new IOException("The body ended after " + taken + " of its " + length + " bytes", e);
            }
            throw e;
        }
        if (in.read() >= 0) {
            // HTTP framing makes this impossible; if it ever happens, the stored object is not the file.
            throw SmidgenException.invalid("body", "The body is longer than its Content-Length.");
        }
    }

    @Override
    public long bytesTaken() {
        return taken;
    }

    /** Stored already, by {@link #write}. */
    @Override
    public void finishFile() {}

    /** The client went away: nothing was stored, a simple upload starts over. */
    @Override
    public long keepForNextRequest() {
        return 0;
    }

    @Override
    public void close() {}

    /** The request body as the store reads it: counts the bytes and remembers why it broke off. */
    private final class Counted extends BlockInputStream {
        private final InputStream in;

        Counted(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    taken += n;
                }
                return n;
            } catch (IOException | RuntimeException e) {
                bodyFailure = e;
                throw e;
            }
        }
    }
}
