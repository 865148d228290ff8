package dev.smidgen.web.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Metadata;
import dev.smidgen.model.SmidgenException;
import java.util.Collections;
import java.util.Map;

/**
 * A JSON request body read field by field, so that every wrong type is a 400 naming the field and
 * unknown fields are ignored. Bodies are parsed whatever their Content-Type: the documents' own
 * curl examples send JSON with {@code -d} and no header.
 */
public final class JsonBody {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_STRING = 4096;
    /** Largest JSON body the API reads; the HTTP layer lets a bit more through so this check can answer. */
    public static final int MAX_BODY_CHARS = 1024 * 1024;

    private final Map<String, Object> fields;

    private JsonBody(Map<String, Object> fields) {
        this.fields = fields;
    }

    public static JsonBody parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return new JsonBody(Collections.emptyMap());
        }
        if (raw.length() > MAX_BODY_CHARS) {
            throw new SmidgenException(ErrorCode.REQUEST_TOO_LARGE, "The request body is larger than 1 MiB.");
        }
        try {
            Object value = MAPPER.readValue(raw, Object.class);
            if (!(value instanceof Map<?, ?>)) {
                throw SmidgenException.invalid(null, "The request body must be a JSON object.");
            }
            Map<String, Object> fields = MAPPER.convertValue(value, new TypeReference<Map<String, Object>>() {});
            InputText.requireTree(null, fields);
            return new JsonBody(fields);
        } catch (JsonProcessingException e) {
            throw SmidgenException.invalid(null, "The request body is not valid JSON.");
        }
    }

    /** A copy of this body with {@code name} set to {@code value}: a request spelled another way, read as this one. */
    public JsonBody with(String name, Object value) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(fields);
        copy.put(name, value);
        return new JsonBody(copy);
    }

    /**
     * The object in field {@code name} as a body of its own (empty when absent or null), such as a
     * job's {@code options}; anything but an object is a 400 naming the field.
     */
    @SuppressWarnings("unchecked")
    public JsonBody object(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return new JsonBody(Collections.emptyMap());
        }
        if (!(value instanceof Map<?, ?>)) {
            throw SmidgenException.invalid(name, name + " must be a JSON object.");
        }
        return new JsonBody((Map<String, Object>) value);
    }

    /** The fields as given, read-only (to show a request back, e.g. a job's options). */
    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** Whether the field is present with the value {@code null} (e.g. "move to the root folder"). */
    public boolean isNull(String name) {
        return fields.containsKey(name) && fields.get(name) == null;
    }

    /** The raw parsed value of a field (for values validated elsewhere, such as metadata patches). */
    public Object value(String name) {
        return fields.get(name);
    }

    /** A string field, or null when absent or null. Empty strings are refused. */
    public String string(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw SmidgenException.invalid(name, name + " must be a string.");
        }
        if (s.isEmpty()) {
            throw SmidgenException.invalid(name, name + " must not be empty.");
        }
        if (s.length() > MAX_STRING) {
            throw SmidgenException.invalid(name, name + " must be at most " + MAX_STRING + " characters.");
        }
        return s;
    }

    public String requiredString(String name) {
        String s = string(name);
        if (s == null) {
            throw SmidgenException.invalid(name, name + " is required.");
        }
        return s;
    }

    public boolean bool(String name, boolean fallback) {
        Object v = fields.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw SmidgenException.invalid(name, name + " must be true or false.");
        }
        return b;
    }

    public boolean requiredBool(String name) {
        if (fields.get(name) == null) {
            throw SmidgenException.invalid(name, name + " is required.");
        }
        return bool(name, false);
    }

    /** A whole-number field, or null when absent or null; fractions, strings and numbers beyond a long are refused. */
    public Long wholeNumber(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw SmidgenException.invalid(name, name + " must be a whole number.");
        }
        return ((Number) v).longValue();
    }

    /** A number field (whole or fractional), or null when absent or null; strings are refused. */
    public Double number(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || v instanceof java.math.BigInteger) {
            throw SmidgenException.invalid(name, name + " must be a number.");
        }
        return n.doubleValue();
    }

    public long requiredWholeNumber(String name) {
        Long n = wholeNumber(name);
        if (n == null) {
            throw SmidgenException.invalid(name, name + " is required.");
        }
        return n;
    }

    /** The validated flat {@code metadata} object (empty when absent). */
    public Map<String, Object> metadata() {
        return Metadata.validate(fields.get("metadata"));
    }
}
