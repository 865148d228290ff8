package dev.smidgen.catalog.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.SourceUrl;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one codec between the task records ({@link IngestInput}, {@link ConversionInput},
 * {@link ConversionOptions}) and the JSON of the {@code input} and {@code options} columns: snake_case
 * names, nulls left out unless a record keeps them, fields it does not know ignored (rows written by
 * other versions still read), missing ones null. Every writer and reader of those columns goes
 * through it, so the records are the contract between the services that write tasks and the workers.
 */
public final class TaskPayloads {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule("smidgen-task-payloads")
                    .addSerializer(SourceUrl.class, ToStringSerializer.instance)
                    .addDeserializer(SourceUrl.class, new SourceUrlDeserializer()));

    private TaskPayloads() {}

    /** A record as the column's JSON object (a map, as the entity holds it), in the record's field order. */
    public static Map<String, Object> toMap(Object payload) {
        return JSON.convertValue(payload, MAP);
    }

    /**
     * A column's JSON object as a record.
     *
     * @throws SmidgenException {@code internal}: rows are written through this codec, so one that does
     *                          not read is a bug, never worth a retry
     */
    public static <T> T fromMap(Map<String, ?> column, Class<T> type) {
        try {
            return JSON.convertValue(column == null ? Map.of() : column, type);
        } catch (IllegalArgumentException e) {
            throw unreadable(type, e);
        }
    }

    /** A record as JSON text. */
    public static String toJson(Object payload) {
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON text as a record; see {@link #fromMap} for the failure. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw unreadable(type, e);
        }
    }

    /** A refused stored URL fails as it did when the fetch checked it; anything else is a row no writer made. */
    private static SmidgenException unreadable(Class<?> type, Exception e) {
        Throwable root = e;
        while (root.getCause() != null) {
            if (root.getCause() instanceof SmidgenException refused) {
                return refused;
            }
            root = root.getCause();
        }
        return new SmidgenException(
                ErrorCode.INTERNAL, "The task's " + type.getSimpleName() + " cannot be read: " + root.getMessage());
    }

    /** A stored URL is checked again as it is read: a row is input like any other, and {@link SourceUrl} promises the check. */
    private static final class SourceUrlDeserializer extends JsonDeserializer<SourceUrl> {
        @Override
        public SourceUrl deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return SourceUrl.parse(parser.getValueAsString());
        }
    }
}
