package dev.smidgen.model.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SigningKeyTests {
    @Test
    void newKeysAreRandomHexOfThirtyTwoBytes() {
        String key = SigningKey.newKey();
        assertTrue(key.matches("[0-9a-f]{64}"), key);
        assertNotEquals(key, SigningKey.newKey());
    }

    @Test
    void decodesToTheKeyBytes() {
        String key = SigningKey.newKey();
        assertArrayEquals(HexFormat.of().parseHex(key), SigningKey.decode(key));
    }

    @Test
    void refusesShortOrMalformedKeys() {
        assertThrows(IllegalArgumentException.class, () -> SigningKey.decode("00ff"));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.decode("zz".repeat(32)));
    }
}
