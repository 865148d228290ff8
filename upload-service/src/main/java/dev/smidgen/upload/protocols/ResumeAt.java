package dev.smidgen.upload.protocols;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.web.http.ApiResponses;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Offsets of a {@code Content-Range} upload that do not line up with what is stored. */
final class ResumeAt {
    private ResumeAt() {}

    /** 409 for bytes that start past the stored end, with {@code Range} telling where to resume. */
    static Response response(ApiResponses responses, long received) {
        Response error = responses.error(new SmidgenException(
                ErrorCode.CONFLICT,
                "The upload has " + received + " bytes; send the bytes from offset " + received + " next.",
                "Content-Range"));
        Response.ResponseBuilder builder = Response.fromResponse(error).header("Upload-Offset", received);
        return received > 0
                ? builder.header("Range", "bytes=0-" + (received - 1)).build()
                : builder.build();
    }

    /**
     * The new bytes of a body: drops the leading ones the upload already has (a client resending
     * after a cut) and stops at the end of the declared range.
     */
    static InputStream slice(InputStream body, long alreadyStored, long length) {
        try {
            body.skipNBytes(alreadyStored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new InputStream() {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return end();
                }
                int b = body.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return end();
                }
                int n = body.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            private int end() throws IOException {
                if (body.read() >= 0) {
                    throw SmidgenException.invalid("Content-Range", "The body is longer than its Content-Range says.");
                }
                return -1;
            }
        };
    }
}
