package dev.smidgen.model.uploads;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class UploadTokenTests {
    // 0x00 0x01 … 0x1f; the expected token was computed with Python's hmac and base64 modules.
    private static final String KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String OTHER_KEY = "ff".repeat(32);
    private static final String SESSION = "upl_abcdefgh1234";
    private static final Instant EXPIRES = Instant.ofEpochSecond(1767225600L);
    private static final Instant BEFORE = EXPIRES.minusSeconds(3600);
    private static final String KNOWN =
            "dXBsX2FiY2RlZmdoMTIzNC4xNzY3MjI1NjAw.9rHlwO5WbBgoyPAcBol9tzjQ2OfWqvF7Z_igKK5mVAY";

    private static void assertRefused(ErrorCode code, Executable call) {
        assertEquals(code, assertThrows(SmidgenException.class, call).code());
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String signatureOf(String token) {
        return token.substring(token.indexOf('.') + 1);
    }

    @Test
    void matchesAKnownAnswer() {
        assertEquals(KNOWN, UploadToken.issue(SESSION, EXPIRES, KEY));
        assertEquals(SESSION, UploadToken.sessionId(KNOWN));
    }

    @Test
    void roundTrips() {
        String key = SigningKey.newKey();
        for (int i = 0; i < 50; i++) {
            String session = Ids.newId(IdPrefix.UPLOAD);
            Instant expires = BEFORE.plusSeconds(i * 86_400L);
            String token = UploadToken.issue(session, expires, key);
            assertTrue(token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}"), token);
            assertEquals(session, UploadToken.sessionId(token));
            assertDoesNotThrow(() -> UploadToken.verify(token, session, key, BEFORE.minusSeconds(1)));
        }
    }

    @Test
    void aChangedSessionIdOrExpiryBreaksTheSignature() {
        String signature = signatureOf(KNOWN);
        String otherSession = encode("upl_abcdefgh1235.1767225600") + "." + signature;
        assertEquals("upl_abcdefgh1235", UploadToken.sessionId(otherSession)); // readable, but not genuine
        assertRefused(
                ErrorCode.SIGNATURE_INVALID, () -> UploadToken.verify(otherSession, "upl_abcdefgh1235", KEY, BEFORE));
        String later = encode("upl_abcdefgh1234.1767229200") + "." + signature;
        assertRefused(ErrorCode.SIGNATURE_INVALID, () -> UploadToken.verify(later, SESSION, KEY, BEFORE));
        String expiredMadeLonger = encode("upl_abcdefgh1234.1767229200") + "." + signature;
        assertRefused(ErrorCode.SIGNATURE_INVALID, () -> UploadToken.verify(expiredMadeLonger, SESSION, KEY, EXPIRES));
    }

    @Test
    void aChangedSignatureIsRefused() {
        String payload = KNOWN.substring(0, KNOWN.indexOf('.'));
        String signature = signatureOf(KNOWN);
        for (int i = 0; i < signature.length(); i++) {
            char c = signature.charAt(i);
            String changed = signature.substring(0, i) + (c == 'A' ? 'B' : 'A') + signature.substring(i + 1);
            assertRefused(
                    ErrorCode.SIGNATURE_INVALID,
                    () -> UploadToken.verify(payload + "." + changed, SESSION, KEY, BEFORE));
        }
        String otherSignature = signatureOf(UploadToken.issue(SESSION, EXPIRES.plusSeconds(1), KEY));
        assertRefused(
                ErrorCode.SIGNATURE_INVALID,
                () -> UploadToken.verify(payload + "." + otherSignature, SESSION, KEY, BEFORE));
    }

    @Test
    void anotherProjectsKeyDoesNotVerify() {
        assertRefused(ErrorCode.SIGNATURE_INVALID, () -> UploadToken.verify(KNOWN, SESSION, OTHER_KEY, BEFORE));
        assertRefused(
                ErrorCode.SIGNATURE_INVALID,
                () -> UploadToken.verify(UploadToken.issue(SESSION, EXPIRES, OTHER_KEY), SESSION, KEY, BEFORE));
        assertNotEquals(KNOWN, UploadToken.issue(SESSION, EXPIRES, OTHER_KEY));
    }

    @Test
    void aTokenIsOnlyForItsOwnSession() {
        assertRefused(ErrorCode.SIGNATURE_INVALID, () -> UploadToken.verify(KNOWN, "upl_abcdefgh1235", KEY, BEFORE));
        assertRefused(ErrorCode.SIGNATURE_INVALID, () -> UploadToken.verify(KNOWN, null, KEY, BEFORE));
    }

    @Test
    void expiresAtItsExpirySecond() {
        assertEquals(
                EXPIRES, assertDoesNotThrow(() -> UploadToken.verify(KNOWN, SESSION, KEY, EXPIRES.minusMillis(1))));
        assertRefused(ErrorCode.UPLOAD_EXPIRED, () -> UploadToken.verify(KNOWN, SESSION, KEY, EXPIRES));
        assertRefused(
                ErrorCode.UPLOAD_EXPIRED, () -> UploadToken.verify(KNOWN, SESSION, KEY, EXPIRES.plusSeconds(86_400)));
        // Only a genuine token learns that it has expired.
        assertRefused(
                ErrorCode.SIGNATURE_INVALID,
                () -> UploadToken.verify(KNOWN, SESSION, OTHER_KEY, EXPIRES.plusSeconds(1)));
        assertEquals(
                410,
                assertThrows(SmidgenException.class, () -> UploadToken.verify(KNOWN, SESSION, KEY, EXPIRES))
                        .code()
                        .status());
    }

    @Test
    void expiryIsWholeSeconds() {
        assertEquals(KNOWN, UploadToken.issue(SESSION, EXPIRES.plusMillis(999), KEY));
    }

    @Test
    void issuesOnlyForUploadSessionsAndRealKeys() {
        assertThrows(IllegalArgumentException.class, () -> UploadToken.issue("med_abcdefgh1234", EXPIRES, KEY));
        assertThrows(IllegalArgumentException.class, () -> UploadToken.issue("upl_ABCDEFGH1234", EXPIRES, KEY));
        assertThrows(IllegalArgumentException.class, () -> UploadToken.issue(null, EXPIRES, KEY));
        assertThrows(IllegalArgumentException.class, () -> UploadToken.issue(SESSION, Instant.ofEpochSecond(-1), KEY));
        assertThrows(IllegalArgumentException.class, () -> UploadToken.issue(SESSION, EXPIRES, "00ff"));
        assertThrows(IllegalArgumentException.class, () -> UploadToken.issue(SESSION, EXPIRES, "zz".repeat(32)));
    }

    @Test
    void refusesMalformedTokens() {
        String payload = KNOWN.substring(0, KNOWN.indexOf('.'));
        String signature = signatureOf(KNOWN);
        List<String> malformed = new ArrayList<>(List.of(
                "",
                ".",
                "..",
                "abc",
                payload,
                payload + ".",
                "." + signature,
                KNOWN + ".",
                KNOWN + "." + signature,
                KNOWN + "=",
                payload + "=." + signature,
                " " + KNOWN,
                KNOWN + " ",
                KNOWN + "\n",
                payload + "." + signature.substring(1),
                payload + "." + signature + "A",
                payload + "." + signature.replace('_', '/'),
                payload.replace('X', '+') + "." + signature,
                "é".repeat(40) + "." + signature,
                payload + ".ü" + signature.substring(1),
                "x".repeat(10_240),
                KNOWN.repeat(100),
                encode("upl_abcdefgh1234") + "." + signature,
                encode("upl_abcdefgh1234.") + "." + signature,
                encode("upl_abcdefgh123.1767225600") + "." + signature,
                encode("upl_ABCDEFGH1234.1767225600") + "." + signature,
                encode("med_abcdefgh1234.1767225600") + "." + signature,
                encode("upl_abcdefgh1234.01767225600") + "." + signature,
                encode("upl_abcdefgh1234.-1") + "." + signature,
                encode("upl_abcdefgh1234.+1767225600") + "." + signature,
                encode("upl_abcdefgh1234.1767225600 ") + "." + signature,
                encode("upl_abcdefgh1234.9999999999999999999") + "." + signature,
                encode("upl_abcdefgh1234.17672256٠٠") + "." + signature,
                encode("upl_abcdefgh1234.1767225600") + "." + encode("short"),
                // the same bytes, spelled with non-zero padding bits: not the one canonical spelling
                withPaddingBits(encode("upl_abcdefgh1234.176722560")) + "." + signature,
                payload + "." + signature.substring(0, 42) + "Z"));
        malformed.add(null);
        for (String token : malformed) {
            assertEquals(
                    ErrorCode.SIGNATURE_INVALID,
                    assertThrows(SmidgenException.class, () -> UploadToken.sessionId(token), token)
                            .code());
            assertEquals(
                    ErrorCode.SIGNATURE_INVALID,
                    assertThrows(SmidgenException.class, () -> UploadToken.verify(token, SESSION, KEY, BEFORE), token)
                            .code());
        }
        String canonical = encode("upl_abcdefgh1234.176722560");
        assertEquals(
                SESSION, UploadToken.sessionId(canonical + "." + signature)); // the control: only the spelling differs
    }

    /** The same bytes with a non-zero unused low bit in the last character. */
    private static String withPaddingBits(String canonical) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(canonical.charAt(canonical.length() - 1));
        assertEquals(0, last % 4, "an unpadded 26-byte payload leaves two unused bits");
        return canonical.substring(0, canonical.length() - 1) + alphabet.charAt(last + 1);
    }

    @Test
    void fuzzedTokensOnlyEverFailAsInvalidSignatures() {
        Random random = new Random(7);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ é\u0000\uD83D";
        for (int i = 0; i < 600; i++) {
            String token = switch (i % 3) {
                case 0 -> randomString(random, alphabet, random.nextInt(120));
                case 1 -> new String(randomBytes(random, random.nextInt(200)), StandardCharsets.ISO_8859_1);
                default -> mutate(random, KNOWN);
            };
            if (token.equals(KNOWN)) {
                continue;
            }
            SmidgenException e =
                    assertThrows(SmidgenException.class, () -> UploadToken.verify(token, SESSION, KEY, BEFORE), token);
            assertEquals(ErrorCode.SIGNATURE_INVALID, e.code(), token);
            try {
                UploadToken.sessionId(token);
            } catch (SmidgenException readable) {
                assertEquals(ErrorCode.SIGNATURE_INVALID, readable.code(), token);
            }
        }
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** One to three edits (replace, insert, delete a character) of a genuine token. */
    private static String mutate(Random random, String token) {
        StringBuilder out = new StringBuilder(token);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=";
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = random.nextInt(out.length());
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(3)) {
                case 0 -> out.setCharAt(at, c);
                case 1 -> out.insert(at, c);
                default -> out.deleteCharAt(at);
            }
        }
        return out.toString();
    }
}
