package dev.smidgen.upload.tus;

import dev.smidgen.model.SmidgenException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The tus {@code Upload-Checksum} header: {@code <algorithm> <base64 digest>} of the request body.
 * Only the algorithms in {@link #SUPPORTED} are accepted; others are a 400, since a client that
 * asked for a check must not have its bytes taken unchecked.
 */
public record UploadChecksum(String algorithm, byte[] expected) {
    /** tus name → JCA name, in the order advertised in {@code Tus-Checksum-Algorithm}. */
    private static final Map<String, String> ALGORITHMS = Map.of("sha1", "SHA-1", "md5", "MD5", "sha256", "SHA-256");

    public static final String SUPPORTED = "sha1,md5,sha256";
    private static final String FIELD = TusHeaders.UPLOAD_CHECKSUM;

    /** The header's checksum, or null when the request has none. */
    public static UploadChecksum parse(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.strip().split(" ", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw SmidgenException.invalid(
                    FIELD, FIELD + " must be '<algorithm> <base64 digest>', e.g. 'sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0='.");
        }
        String algorithm = parts[0].toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.containsKey(algorithm)) {
            throw SmidgenException.invalid(
                    FIELD,
                    FIELD + " algorithm '" + TusHeaders.shorten(parts[0]) + "' is not supported; use one of "
                            + SUPPORTED + ".");
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw SmidgenException.invalid(FIELD, FIELD + " digest is not base64.");
        }
        UploadChecksum checksum = new UploadChecksum(algorithm, expected);
        if (expected.length != checksum.newDigest().getDigestLength()) {
            throw SmidgenException.invalid(
                    FIELD,
                    FIELD + " digest has " + expected.length + " bytes; a " + algorithm + " digest has "
                            + checksum.newDigest().getDigestLength() + ".");
        }
        return checksum;
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(ALGORITHMS.get(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
