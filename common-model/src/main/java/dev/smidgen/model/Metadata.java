package dev.smidgen.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * User metadata rules (docs/api/contract.md#metadata): a flat object whose values are string, number, boolean
 * or null; at most 64 keys, keys up to 64 characters, values up to 1 KiB.
 */
public final class Metadata {
    public static final int MAX_KEYS = 64;
    public static final int MAX_KEY_LENGTH = 64;
    public static final int MAX_VALUE_LENGTH = 1024;

    private Metadata() {}

    /** Validates parsed JSON metadata and returns an ordered copy; null becomes an empty map. */
    public static Map<String, Object> validate(Object raw) {
        if (raw == null) {
            return new LinkedHashMap<>();
        }
        if (!(raw instanceof Map<?, ?> map)) {
            throw SmidgenException.invalid("metadata", "metadata must be an object.");
        }
        if (map.size() > MAX_KEYS) {
            throw SmidgenException.invalid("metadata", "metadata may have at most " + MAX_KEYS + " keys.");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String field = "metadata." + key;
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
                throw SmidgenException.invalid(field, "metadata keys must be 1 to " + MAX_KEY_LENGTH + " characters.");
            }
            Object value = e.getValue();
            if (value instanceof Map
                    || value instanceof Iterable
                    || (value != null && value.getClass().isArray())) {
                throw SmidgenException.invalid(field, "metadata values must be a string, number, boolean or null.");
            }
            if (value instanceof String s && s.length() > MAX_VALUE_LENGTH) {
                throw SmidgenException.invalid(
                        field, "metadata values must be at most " + MAX_VALUE_LENGTH + " characters.");
            }
            out.put(key, value);
        }
        return out;
    }

    /**
     * Applies a PATCH to stored metadata: keys are merged in, a {@code null} value removes its key,
     * and an empty object clears everything. The result obeys the same limits as new metadata.
     */
    public static Map<String, Object> merge(Map<String, Object> existing, Object patch) {
        if (!(patch instanceof Map<?, ?> changes)) {
            throw SmidgenException.invalid("metadata", "metadata must be an object.");
        }
        if (changes.isEmpty()) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> merged = new LinkedHashMap<>(existing == null ? Map.of() : existing);
        for (Map.Entry<?, ?> e : changes.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (e.getValue() == null) {
                merged.remove(key);
            } else {
                merged.put(key, e.getValue());
            }
        }
        // Validate the changes themselves first so errors name the offending key, then the total.
        Map<String, Object> changed = new LinkedHashMap<>();
        changes.forEach((k, v) -> {
            if (v != null) {
                changed.put(String.valueOf(k), v);
            }
        });
        validate(changed);
        return validate(merged);
    }
}
