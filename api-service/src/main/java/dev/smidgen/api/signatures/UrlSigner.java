package dev.smidgen.api.signatures;

import dev.smidgen.model.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks delivery URLs with one project's key (docs/api/signed-urls.md): the signature is
 * base64url, without padding, of HMAC-SHA256 over {@code {folder/filename}?expiry={unix}&method={method}}.
 * The path is relative to the project, so a signature made with one project's key is worthless
 * under another project's URL. Keys are stored hex-encoded; the HMAC key is the decoded bytes.
 */
public final class UrlSigner {
    /** Query parameters of a signed URL, in the order they are signed and written. */
    public static final String EXPIRY = "expiry";

    public static final String METHOD = "method";
    public static final String SIGNATURE = "signature";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    /** A signer for a stored key (see {@link SigningKey}). */
    public UrlSigner(String hexKey) {
        this.key = new SecretKeySpec(SigningKey.decode(hexKey), ALGORITHM);
    }

    /** The signed text for a path relative to the project (no project id, no leading '/'). */
    public static String canonical(String path, long expiry, SignedMethod method) {
        return path + "?" + EXPIRY + "=" + expiry + "&" + METHOD + "=" + method.wire();
    }

    /** The query string of a signed URL; every part is URL-safe as it is. */
    public static String query(long expiry, SignedMethod method, String signature) {
        return EXPIRY + "=" + expiry + "&" + METHOD + "=" + method.wire() + "&" + SIGNATURE + "=" + signature;
    }

    public String sign(String path, long expiry, SignedMethod method) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // not thread-safe, and cheap to create
            mac.init(key);
            return BASE64URL.encodeToString(
                    mac.doFinal(canonical(path, expiry, method).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * Whether {@code signature} is this key's signature of the three values. The comparison takes
     * the same time wherever the first wrong character is, so timing reveals nothing of the right one.
     */
    public boolean verify(String path, long expiry, SignedMethod method, String signature) {
        byte[] expected = sign(path, expiry, method).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }
}
