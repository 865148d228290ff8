package dev.smidgen.model.signing;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A project's signing key as it is stored in {@code projects.signing_key}: hex of at least {@link #BYTES}
 * bytes, the HMAC key being the decoded bytes. Both public services sign with it (the API its delivery
 * URLs, the API and the upload service their upload tokens), so its format lives here.
 */
public final class SigningKey {
    /** Bytes of randomness in a new key: as long as the HMAC-SHA256 output. */
    public static final int BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningKey() {}

    /** A new random key, hex-encoded as it is stored. */
    public static String newKey() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The HMAC key of a stored key; refuses one that is not hex or shorter than {@link #BYTES} bytes. */
    public static byte[] decode(String hexKey) {
        byte[] bytes = HexFormat.of().parseHex(hexKey);
        if (bytes.length < BYTES) {
            throw new IllegalArgumentException("A signing key needs at least " + BYTES + " bytes.");
        }
        return bytes;
    }
}
