package dev.smidgen.catalog.listing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns {@code metadata.KEY=value} into jsonb containment documents that a GIN index answers.
 * Metadata values keep their JSON type, but a filter matches the value's string form, so
 * {@code 123} also looks for the number 123 and {@code true} for the boolean.
 */
public final class MetadataMatch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private MetadataMatch() {}

    /** The documents of which a row must contain at least one, for one key and value. */
    public static List<String> alternatives(String key, String value) {
        List<String> docs = new ArrayList<>();
        docs.add(json(key, value));
        if (NUMBER.matcher(value).matches()) {
            docs.add(json(key, new BigDecimal(value)));
        } else if (value.equals("true") || value.equals("false")) {
            docs.add(json(key, Boolean.parseBoolean(value)));
        }
        return docs;
    }

    private static String json(String key, Object value) {
        try {
            return JSON.writeValueAsString(Map.of(key, value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
