package dev.smidgen.api.webhooks;

import dev.smidgen.model.Ids;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Smidgen-Signature} header of a webhook request (docs/api/webhooks.md):
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}. The HMAC key is the secret
 * exactly as the API shows it ({@code whsec_...}, its UTF-8 bytes), so a receiver needs no decoding.
 * The time is part of the signed text, so a captured request cannot be replayed later with a new
 * {@code t}; receivers should refuse a {@code t} too far from their clock.
 */
public final class WebhookSignature {
    /** The header that carries the signature. */
    public static final String HEADER = "Smidgen-Signature";
    /** Prefix of every signing secret. */
    public static final String SECRET_PREFIX = "whsec_";
    /** Random characters after the prefix: 32 of 36 symbols, about 165 bits. */
    public static final int SECRET_RANDOM_CHARS = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {}

    /** A new random secret, {@code whsec_} and 32 characters of {@code [a-z0-9]}. */
    public static String newSecret() {
        return SECRET_PREFIX + Ids.random(SECRET_RANDOM_CHARS);
    }

    /** The text that is signed: {@code "<t>.<body>"}. */
    public static String signedText(long unixSeconds, String body) {
        return unixSeconds + "." + body;
    }

    /** The hex HMAC-SHA256 of {@code "<t>.<body>"} keyed with {@code secret}. */
    public static String v1(String secret, long unixSeconds, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // not thread-safe, and cheap to create
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return HexFormat.of()
                    .formatHex(mac.doFinal(signedText(unixSeconds, body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The header value: {@code t=<unix seconds>,v1=<hex>}. */
    public static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + v1(secret, unixSeconds, body);
    }

    /**
     * What a receiver does: whether {@code header} is a valid signature of {@code body} with
     * {@code secret}, made at most {@code toleranceSeconds} away from {@code nowSeconds}. Unknown
     * parts of the header are ignored, so a later scheme ({@code v2=}) can be added beside {@code v1}.
     */
    public static boolean verify(String secret, String header, String body, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            if (name.equals("t")) {
                try {
                    t = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (name.equals("v1")) {
                v1 = value;
            }
        }
        if (t == null || v1 == null || Math.abs(nowSeconds - t) > toleranceSeconds) {
            return false;
        }
        byte[] expected = v1(secret, t, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.UTF_8));
    }
}
