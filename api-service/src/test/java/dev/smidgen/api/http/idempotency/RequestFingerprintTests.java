package dev.smidgen.api.http.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestFingerprintTests {
    @Test
    void hashesTheBodyWithSha256() {
        assertEquals(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                RequestFingerprint.of("POST", "/tasks", new byte[0]).bodyHash());
        assertEquals(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                RequestFingerprint.of("POST", "/tasks", bytes("abc")).bodyHash());
    }

    @Test
    void identicalRequestsHaveEqualFingerprints() {
        assertEquals(
                RequestFingerprint.of("POST", "/files", bytes("{\"url\":\"https://a/b.mp4\"}")),
                RequestFingerprint.of("POST", "/files", bytes("{\"url\":\"https://a/b.mp4\"}")));
    }

    @Test
    void anyByteOfDifferenceIsADifferentBody() {
        // Even JSON-equivalent bodies differ: the contract asks for byte-identical ones.
        assertNotEquals(
                RequestFingerprint.of("POST", "/files", bytes("{\"a\":1}")).bodyHash(),
                RequestFingerprint.of("POST", "/files", bytes("{\"a\": 1}")).bodyHash());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
