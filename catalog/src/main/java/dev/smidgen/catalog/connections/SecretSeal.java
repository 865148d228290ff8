package dev.smidgen.catalog.connections;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a connection's secret key with AES-256-GCM. A sealed value reads
 * {@code v1.<key id>.<base64 of nonce and ciphertext>}: a fresh 12-byte nonce per seal, the
 * connection's id as associated data (a sealed secret copied onto another row does not open), and
 * the key id, the first 8 hex digits of the key's SHA-256, so that a later rotation can tell which
 * key sealed a row and reseal it.
 */
public final class SecretSeal {
    private static final String VERSION = "v1";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyId;

    public SecretSeal(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("The connections secret key must be 32 bytes, not " + key.length + ".");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.keyId = keyIdOf(key);
    }

    /**
     * A seal from the configured base64 text.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the text)
     */
    public static SecretSeal fromBase64(String text) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smidgen.connections.secret-key is not base64.");
        }
        try {
            return new SecretSeal(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The id sealed values name their key by. */
    public String keyId() {
        return keyId;
    }

    /** {@code secret} sealed for the connection {@code connectionId}. */
    public String seal(String connectionId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, connectionId);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + "." + keyId + "." + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The secret sealed in {@code sealed} for {@code connectionId}.
     *
     * @throws IllegalArgumentException when it was sealed under another key or for another
     *                                  connection, or was altered
     */
    public String open(String connectionId, String sealed) {
        String[] parts = sealed.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("The sealed secret is not in the v1 format.");
        }
        if (!parts[1].equals(keyId)) {
            throw new IllegalArgumentException(
                    "The secret was sealed under key " + parts[1] + ", not the configured " + keyId + ".");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The sealed secret is not base64.");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("The sealed secret is truncated.");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, NONCE_BYTES), connectionId);
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("The sealed secret does not open: altered, or sealed for another row.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String connectionId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(connectionId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static String keyIdOf(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "SecretSeal[key " + keyId + "]";
    }
}
