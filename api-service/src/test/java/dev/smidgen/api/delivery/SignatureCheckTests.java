package dev.smidgen.api.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.api.signatures.SignedMethod;
import dev.smidgen.api.signatures.UrlSigner;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.signing.SigningKey;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignatureCheckTests {
    private static final String KEY = SigningKey.newKey();
    private static final UrlSigner SIGNER = new UrlSigner(KEY);
    private static final Instant NOW = Instant.ofEpochSecond(1_767_225_600L);
    private static final long LATER = NOW.getEpochSecond() + 60;

    @Test
    void aValidGetSignatureOpensTheFileUntilItsExpiry() {
        MultivaluedMap<String, String> query = signed("a/b.png", LATER, SignedMethod.GET);
        assertEquals(Instant.ofEpochSecond(LATER), SignatureCheck.verify(KEY, "a/b.png", query, SignedMethod.GET, NOW));
    }

    @Test
    void anyMissingPartMeansASignatureIsRequired() {
        assertRefused(ErrorCode.SIGNATURE_REQUIRED, "a/b.png", new MultivaluedHashMap<>());
        for (String part : new String[] {UrlSigner.EXPIRY, UrlSigner.METHOD, UrlSigner.SIGNATURE}) {
            MultivaluedMap<String, String> query = signed("a/b.png", LATER, SignedMethod.GET);
            query.remove(part);
            assertRefused(ErrorCode.SIGNATURE_REQUIRED, "a/b.png", query);
            query.putSingle(part, "");
            assertRefused(ErrorCode.SIGNATURE_REQUIRED, "a/b.png", query);
        }
    }

    @Test
    void alteredPathExpiryMethodOrKeyIsInvalid() {
        assertRefused(ErrorCode.SIGNATURE_INVALID, "a/c.png", signed("a/b.png", LATER, SignedMethod.GET));
        MultivaluedMap<String, String> longer = signed("a/b.png", LATER, SignedMethod.GET);
        longer.putSingle(UrlSigner.EXPIRY, String.valueOf(LATER + 3600));
        assertRefused(ErrorCode.SIGNATURE_INVALID, "a/b.png", longer);
        MultivaluedMap<String, String> upgraded = signed("a/b.png", LATER, SignedMethod.GET);
        upgraded.putSingle(UrlSigner.METHOD, "put");
        assertRefused(ErrorCode.SIGNATURE_INVALID, "a/b.png", upgraded);
        MultivaluedMap<String, String> otherKey = signed("a/b.png", LATER, SignedMethod.GET);
        otherKey.putSingle(
                UrlSigner.SIGNATURE, new UrlSigner(SigningKey.newKey()).sign("a/b.png", LATER, SignedMethod.GET));
        assertRefused(ErrorCode.SIGNATURE_INVALID, "a/b.png", otherKey);
    }

    @Test
    void unreadableOrSecondSpellingsAreInvalid() {
        for (String expiry : new String[] {"soon", "0" + LATER, "+" + LATER, "1e9", "99999999999999999999"}) {
            MultivaluedMap<String, String> query = signed("a/b.png", LATER, SignedMethod.GET);
            query.putSingle(UrlSigner.EXPIRY, expiry);
            assertRefused(ErrorCode.SIGNATURE_INVALID, "a/b.png", query);
        }
        MultivaluedMap<String, String> shouting = signed("a/b.png", LATER, SignedMethod.GET);
        shouting.putSingle(UrlSigner.METHOD, "GET");
        assertRefused(ErrorCode.SIGNATURE_INVALID, "a/b.png", shouting);
    }

    @Test
    void anAuthenticButPastExpiryIsExpired() {
        long past = NOW.getEpochSecond() - 1;
        assertRefused(ErrorCode.SIGNATURE_EXPIRED, "a/b.png", signed("a/b.png", past, SignedMethod.GET));
        assertRefused(
                ErrorCode.SIGNATURE_EXPIRED, "a/b.png", signed("a/b.png", NOW.getEpochSecond(), SignedMethod.GET));
    }

    @Test
    void anAuthenticPutSignatureDoesNotRead() {
        assertRefused(ErrorCode.SIGNATURE_METHOD_MISMATCH, "a/b.png", signed("a/b.png", LATER, SignedMethod.PUT));
    }

    private static MultivaluedMap<String, String> signed(String path, long expiry, SignedMethod method) {
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
        query.putSingle(UrlSigner.EXPIRY, String.valueOf(expiry));
        query.putSingle(UrlSigner.METHOD, method.wire());
        query.putSingle(UrlSigner.SIGNATURE, SIGNER.sign(path, expiry, method));
        return query;
    }

    private static void assertRefused(ErrorCode code, String path, MultivaluedMap<String, String> query) {
        SmidgenException e = assertThrows(
                SmidgenException.class, () -> SignatureCheck.verify(KEY, path, query, SignedMethod.GET, NOW));
        assertEquals(code, e.code(), query.toString());
    }
}
