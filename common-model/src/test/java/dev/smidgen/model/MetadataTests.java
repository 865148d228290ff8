package dev.smidgen.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTests {
    @Test
    void acceptsFlatScalarValues() {
        Map<String, Object> in = new HashMap<>();
        in.put("user_id", "123");
        in.put("n", 5);
        in.put("ok", true);
        in.put("gone", null);
        assertEquals(in, Metadata.validate(in));
        assertTrue(Metadata.validate(null).isEmpty());
    }

    @Test
    void rejectsNestingArraysAndNonObjects() {
        assertEquals("metadata.a", assertThrows(SmidgenException.class,
                () -> Metadata.validate(Map.of("a", Map.of("b", 1)))).field());
        assertThrows(SmidgenException.class, () -> Metadata.validate(Map.of("a", List.of(1))));
        assertEquals("metadata", assertThrows(SmidgenException.class, () -> Metadata.validate("text")).field());
    }

    @Test
    void enforcesSizeLimits() {
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i <= Metadata.MAX_KEYS; i++) {
            many.put("k" + i, i);
        }
        assertThrows(SmidgenException.class, () -> Metadata.validate(many));
        assertThrows(SmidgenException.class, () -> Metadata.validate(Map.of("k".repeat(65), 1)));
        assertThrows(SmidgenException.class, () -> Metadata.validate(Map.of("k", "v".repeat(1025))));
    }
}
