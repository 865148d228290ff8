package dev.smidgen.model.uploads;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed, expiring capability in an upload URL ({@code ?key=<token>}), which is why that URL
 * needs no API key: {@code base64url("<sessionId>.<expiresEpochSeconds>") + "." +
 * base64url(HMAC-SHA256(project key, those payload bytes))}, both without padding. The key is the
 * project's hex signing key ({@link SigningKey}), the one delivery URLs are signed with.
 */
public final class UploadToken {
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Pattern SESSION_ID = Pattern.compile("upl_[a-z0-9]{12}");
    // No leading zeros, so each session and expiry has exactly one token.
    private static final Pattern PAYLOAD = Pattern.compile("(upl_[a-z0-9]{12})\\.(0|[1-9][0-9]{0,18})");
    private static final int MAC_BYTES = 32;
    // The longest token issue() can make is 48 + 1 + 43 characters; anything longer is refused unread.
    private static final int MAX_LENGTH = 128;

    private UploadToken() {}

    /** A token for the session that works until {@code expires} (truncated to whole seconds). */
    public static String issue(String sessionId, Instant expires, String hexKey) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw new IllegalArgumentException("Not an upload session id: " + sessionId);
        }
        if (expires.getEpochSecond() < 0) {
            throw new IllegalArgumentException("An upload cannot expire before 1970: " + expires);
        }
        byte[] payload = (sessionId + "." + expires.getEpochSecond()).getBytes(StandardCharsets.US_ASCII);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(hexKey, payload));
    }

    /**
     * The session id the token names, not yet verified: enough to load the session and its
     * project's key for {@link #verify}. Throws {@code signature_invalid} for a malformed token.
     */
    public static String sessionId(String token) {
        return Parsed.of(token).sessionId;
    }

    /**
     * Returns when {@code token} was issued with {@code hexKey} for {@code expectedSessionId} and has
     * not expired at {@code now}; otherwise throws {@code signature_invalid}, or
     * {@code upload_expired} for a genuine token whose time is up (expiry itself counts as expired).
     * Returns when the token stops working, so a caller may remember the check until then.
     */
    public static Instant verify(String token, String expectedSessionId, String hexKey, Instant now) {
        Objects.requireNonNull(now, "now");
        Parsed parsed = Parsed.of(token);
        // Compare in constant time so response timing says nothing about the right signature.
        if (!MessageDigest.isEqual(mac(hexKey, parsed.payload), parsed.signature)
                || !parsed.sessionId.equals(expectedSessionId)) {
            throw new SmidgenException(ErrorCode.SIGNATURE_INVALID, "This upload URL's key is not valid.");
        }
        if (now.getEpochSecond() >= parsed.expires) {
            throw new SmidgenException(ErrorCode.UPLOAD_EXPIRED, null);
        }
        return Instant.ofEpochSecond(parsed.expires);
    }

    private static byte[] mac(String hexKey, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(SigningKey.decode(hexKey), ALGORITHM));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** A token taken apart, before its signature is checked. */
    private record Parsed(String sessionId, long expires, byte[] payload, byte[] signature) {
        static Parsed of(String token) {
            if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
                throw malformed();
            }
            int dot = token.indexOf('.');
            if (dot < 0 || dot != token.lastIndexOf('.')) {
                throw malformed();
            }
            byte[] payload = decode(token.substring(0, dot));
            byte[] signature = decode(token.substring(dot + 1));
            if (signature.length != MAC_BYTES) {
                throw malformed();
            }
            Matcher m = PAYLOAD.matcher(new String(payload, StandardCharsets.US_ASCII));
            if (!m.matches()) {
                throw malformed();
            }
            long expires;
            try {
                expires = Long.parseLong(m.group(2));
            } catch (NumberFormatException tooLarge) {
                throw malformed();
            }
            return new Parsed(m.group(1), expires, payload, signature);
        }

        /** Decodes canonical unpadded base64url only, so no two strings are the same token. */
        private static byte[] decode(String part) {
            if (part.isEmpty()) {
                throw malformed();
            }
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                boolean alphabet =
                        c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
                if (!alphabet) {
                    throw malformed();
                }
            }
            byte[] bytes;
            try {
                bytes = DECODER.decode(part);
            } catch (IllegalArgumentException badLength) {
                throw malformed();
            }
            if (!ENCODER.encodeToString(bytes).equals(part)) {
                throw malformed();
            }
            return bytes;
        }

        private static SmidgenException malformed() {
            return new SmidgenException(ErrorCode.SIGNATURE_INVALID, "This upload URL's key is malformed.");
        }
    }
}
