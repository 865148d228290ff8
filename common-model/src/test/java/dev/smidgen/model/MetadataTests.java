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
        assertEquals(
                "metadata.a",
                assertThrows(SmidgenException.class, () -> Metadata.validate(Map.of("a", Map.of("b", 1))))
                        .field());
        assertThrows(SmidgenException.class, () -> Metadata.validate(Map.of("a", List.of(1))));
        assertEquals(
                "metadata",
                assertThrows(SmidgenException.class, () -> Metadata.validate("text"))
                        .field());
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

    @Test
    void patchesMergeRemoveAndClear() {
        Map<String, Object> stored = new HashMap<>(Map.of("a", "1", "b", 2));
        Map<String, Object> patch = new HashMap<>();
        patch.put("b", null);
        patch.put("c", true);
        assertEquals(Map.of("a", "1", "c", true), Metadata.merge(stored, patch));
        assertTrue(Metadata.merge(stored, Map.of()).isEmpty());
        assertEquals(
                "metadata.x",
                assertThrows(SmidgenException.class, () -> Metadata.merge(stored, Map.of("x", Map.of())))
                        .field());
        assertThrows(SmidgenException.class, () -> Metadata.merge(stored, "nope"));
    }

    @Test
    void mergedMetadataStaysWithinTheLimits() {
        Map<String, Object> full = new HashMap<>();
        for (int i = 0; i < Metadata.MAX_KEYS; i++) {
            full.put("k" + i, i);
        }
        assertThrows(SmidgenException.class, () -> Metadata.merge(full, Map.of("one_more", 1)));
    }
}
