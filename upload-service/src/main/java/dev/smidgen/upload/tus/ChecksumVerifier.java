package dev.smidgen.upload.tus;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.upload.storage.OffsetWriter;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/**
 * Digests a request body while it streams into storage and, as the writer's {@link OffsetWriter.BodyCheck},
 * refuses it with 460 {@code checksum_mismatch} before its bytes count.
 */
final class ChecksumVerifier implements OffsetWriter.BodyCheck {
    private final UploadChecksum checksum;
    private final MessageDigest digest;
    private final InputStream body;

    private ChecksumVerifier(UploadChecksum checksum, InputStream body) {
        this.checksum = checksum;
        this.digest = checksum.newDigest();
        this.body = new DigestInputStream(body, digest);
    }

    /** A verifier of {@code body} against {@code checksum}, or none when the request carries no checksum. */
    static ChecksumVerifier of(UploadChecksum checksum, InputStream body) {
        return checksum == null ? null : new ChecksumVerifier(checksum, body);
    }

    /** The body to read: every byte read through it is digested. */
    InputStream body() {
        return body;
    }

    @Override
    public void verify() {
        if (!MessageDigest.isEqual(digest.digest(), checksum.expected())) {
            throw new SmidgenException(
                    ErrorCode.CHECKSUM_MISMATCH,
                    "The body's " + checksum.algorithm()
                            + " digest does not match Upload-Checksum; send these bytes again.",
                    TusHeaders.UPLOAD_CHECKSUM);
        }
    }
}
