package dev.smidgen.api.http.idempotency;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes two requests "the same" for an idempotency key: method, path (with its query
 * string) and the SHA-256 of the body bytes, so any byte of difference is a different request.
 */
public record RequestFingerprint(String method, String path, String bodyHash) {

    /** The fingerprint of a request; {@code body} is the raw bytes the client sent. */
    public static RequestFingerprint of(String method, String path, byte[] body) {
        return new RequestFingerprint(method, path, sha256(body));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java runtime must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
