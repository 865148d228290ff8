package dev.smidgen.catalog.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretSealTests {
    private static final byte[] KEY = new byte[32];
    private static final byte[] OTHER_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            KEY[i] = (byte) i;
            OTHER_KEY[i] = (byte) (100 + i);
        }
    }

    private final SecretSeal seal = new SecretSeal(KEY);

    @Test
    void opensWhatItSealed() {
        String sealed = seal.seal("con_1", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertEquals("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", seal.open("con_1", sealed));
        assertTrue(sealed.startsWith("v1." + seal.keyId() + "."), sealed);
        assertFalse(sealed.contains("wJalr"), "the secret shows in " + sealed);
    }

    @Test
    void everySealHasItsOwnNonce() {
        assertNotEquals(seal.seal("con_1", "same"), seal.seal("con_1", "same"));
    }

    @Test
    void refusesAnAlteredValue() {
        String sealed = seal.seal("con_1", "secret");
        String prefix = sealed.substring(0, sealed.lastIndexOf('.') + 1);
        byte[] body = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        body[body.length - 1] ^= 1;
        String altered = prefix + Base64.getEncoder().encodeToString(body);
        assertThrows(IllegalArgumentException.class, () -> seal.open("con_1", altered));
    }

    @Test
    void refusesAValueSealedForAnotherConnection() {
        String sealed = seal.seal("con_1", "secret");
        assertThrows(IllegalArgumentException.class, () -> seal.open("con_2", sealed));
    }

    @Test
    void namesTheKeySoRotationCanTellKeysApart() {
        SecretSeal other = new SecretSeal(OTHER_KEY);
        assertNotEquals(seal.keyId(), other.keyId());
        String sealed = other.seal("con_1", "secret");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> seal.open("con_1", sealed));
        assertTrue(e.getMessage().contains(other.keyId()), e.getMessage());
    }

    @Test
    void takesOnlyA32ByteBase64Key() {
        assertEquals(
                seal.keyId(),
                SecretSeal.fromBase64(Base64.getEncoder().encodeToString(KEY)).keyId());
        assertThrows(IllegalArgumentException.class, () -> SecretSeal.fromBase64("not base64!"));
        IllegalArgumentException shortKey = assertThrows(
                IllegalArgumentException.class,
                () -> SecretSeal.fromBase64(Base64.getEncoder().encodeToString(new byte[16])));
        assertTrue(shortKey.getMessage().contains("32 bytes"), shortKey.getMessage());
    }

    @Test
    void neverShowsTheKey() {
        assertFalse(seal.toString().contains(Base64.getEncoder().encodeToString(KEY)));
    }
}
