package dev.smidgen.api.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.signing.SigningKey;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UrlSignerTests {
    // 0x00 0x01 … 0x1f; the expected values were computed with openssl and Python's hmac module.
    private static final String KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final long EXPIRY = 1767225600L;
    private final UrlSigner signer = new UrlSigner(KEY);

    @Test
    void matchesKnownAnswers() {
        assertEquals(
                "clips/2026/intro.mp4?expiry=1767225600&method=get",
                UrlSigner.canonical("clips/2026/intro.mp4", EXPIRY, SignedMethod.GET));
        assertEquals(
                "j0aWsdy2UpXwAQNNTsNL7Pp8S5CjX726CqnSBl0Hvys",
                signer.sign("clips/2026/intro.mp4", EXPIRY, SignedMethod.GET));
        assertEquals("pFSuKolPpL6C9hKr8YSJlUSQIY5dRJ_K0hf3ZmXoyfo", signer.sign("intro.mp4", EXPIRY, SignedMethod.PUT));
    }

    @Test
    void isBase64UrlWithoutPadding() {
        for (int i = 0; i < 200; i++) {
            String signature = signer.sign("f" + i + ".png", EXPIRY + i, SignedMethod.GET);
            assertTrue(signature.matches("[A-Za-z0-9_-]{43}"), signature);
        }
    }

    @Test
    void everySignedPartChangesTheSignature() {
        Set<String> signatures = new HashSet<>();
        signatures.add(signer.sign("a/b.png", EXPIRY, SignedMethod.GET));
        signatures.add(signer.sign("a/c.png", EXPIRY, SignedMethod.GET));
        signatures.add(signer.sign("b.png", EXPIRY, SignedMethod.GET));
        signatures.add(signer.sign("a/b.png", EXPIRY + 1, SignedMethod.GET));
        signatures.add(signer.sign("a/b.png", EXPIRY, SignedMethod.PUT));
        signatures.add(new UrlSigner(SigningKey.newKey()).sign("a/b.png", EXPIRY, SignedMethod.GET));
        assertEquals(6, signatures.size());
    }

    @Test
    void verifiesOnlyTheExactSignature() {
        String signature = signer.sign("a/b.png", EXPIRY, SignedMethod.GET);
        assertTrue(signer.verify("a/b.png", EXPIRY, SignedMethod.GET, signature));
        assertFalse(signer.verify("a/b.png", EXPIRY, SignedMethod.GET, signature + "="));
        assertFalse(signer.verify("a/b.png", EXPIRY, SignedMethod.GET, signature.substring(1)));
        assertFalse(signer.verify("a/b.png", EXPIRY, SignedMethod.GET, ""));
        assertFalse(signer.verify("a/b.png", EXPIRY + 1, SignedMethod.GET, signature));
        assertFalse(signer.verify("a/b.png", EXPIRY, SignedMethod.PUT, signature));
        assertFalse(new UrlSigner(SigningKey.newKey()).verify("a/b.png", EXPIRY, SignedMethod.GET, signature));
    }

    @Test
    void refusesShortOrMalformedKeys() {
        assertThrows(IllegalArgumentException.class, () -> new UrlSigner("00ff"));
        assertThrows(IllegalArgumentException.class, () -> new UrlSigner("zz".repeat(32)));
    }

    @Test
    void methodsHaveLowercaseWireNamesOnly() {
        assertEquals(Optional.of(SignedMethod.GET), SignedMethod.fromWire("get"));
        assertEquals(Optional.of(SignedMethod.PUT), SignedMethod.fromWire("put"));
        assertTrue(SignedMethod.fromWire("GET").isEmpty());
        assertTrue(SignedMethod.fromWire("delete").isEmpty());
        assertTrue(SignedMethod.fromWire(null).isEmpty());
    }
}
