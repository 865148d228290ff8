package dev.smidgen.api.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookSignatureTests {
    private static final String SECRET = "whsec_abcdefghijklmnopqrstuvwxyz012345";
    private static final String BODY = "{\"id\":\"evt_abc\",\"event\":\"task.completed\"}";
    private static final long T = 1767225600L;

    @Test
    void matchesAKnownAnswer() {
        // Computed with: printf '%s' '1767225600.{body}' | openssl dgst -sha256 -hmac "$secret" (and Python's hmac).
        String expected = "b274ea1409a9be5d79f7c0aaaeb55a3b24e087864c50744bb5f2534a13d9161e";
        assertEquals("1767225600." + BODY, WebhookSignature.signedText(T, BODY));
        assertEquals(expected, WebhookSignature.v1(SECRET, T, BODY));
        assertEquals("t=1767225600,v1=" + expected, WebhookSignature.header(SECRET, T, BODY));
    }

    @Test
    void headerIsTimeThenLowercaseHex() {
        for (int i = 0; i < 50; i++) {
            String header = WebhookSignature.header(WebhookSignature.newSecret(), T + i, BODY + i);
            assertTrue(header.matches("t=\\d+,v1=[0-9a-f]{64}"), header);
        }
    }

    @Test
    void verifiesOnlyTheExactBodySecretAndRecentTime() {
        String header = WebhookSignature.header(SECRET, T, BODY);
        assertTrue(WebhookSignature.verify(SECRET, header, BODY, T + 10, 300));
        assertTrue(WebhookSignature.verify(
                SECRET, " v1=" + WebhookSignature.v1(SECRET, T, BODY) + ", t=" + T + ",v2=future", BODY, T, 300));
        assertFalse(WebhookSignature.verify(SECRET, header, BODY + " ", T, 300));
        assertFalse(WebhookSignature.verify(WebhookSignature.newSecret(), header, BODY, T, 300));
        assertFalse(WebhookSignature.verify(SECRET, header.replace("t=" + T, "t=" + (T + 1)), BODY, T, 300));
        assertFalse(WebhookSignature.verify(SECRET, header, BODY, T + 301, 300));
        assertFalse(WebhookSignature.verify(SECRET, "t=" + T, BODY, T, 300));
        assertFalse(WebhookSignature.verify(SECRET, "t=soon,v1=00", BODY, T, 300));
        assertFalse(WebhookSignature.verify(SECRET, null, BODY, T, 300));
    }

    @Test
    void theTimeIsSigned() {
        assertNotEquals(WebhookSignature.v1(SECRET, T, BODY), WebhookSignature.v1(SECRET, T + 1, BODY));
    }

    @Test
    void newSecretsAreRandomAndPrefixed() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String s = WebhookSignature.newSecret();
            assertTrue(s.matches("whsec_[a-z0-9]{32}"), s);
            secrets.add(s);
        }
        assertEquals(100, secrets.size());
    }
}
