package dev.smidgen.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The schemas of docs/api/openapi.yaml as a JSON Schema 2020-12 validator (OpenAPI 3.1's dialect),
 * so that a test can hold a raw answer of the real stack to the schema the document gives it:
 * types, nulls, enums and required fields, which a generated client's lenient Jackson does not check.
 */
final class DocumentSchemas {
    /** Where the document is registered; nothing is fetched from it. */
    private static final String BASE = "https://smidgen.invalid/openapi.json";

    private final SchemaRegistry registry;
    private final ObjectMapper json = new ObjectMapper();

    private DocumentSchemas(String document) {
        registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(BASE, document)));
    }

    static DocumentSchemas of(Path file) {
        try {
            JsonNode document = new YAMLMapper().readTree(Files.readString(file));
            return new DocumentSchemas(new ObjectMapper().writeValueAsString(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with {@code body} as an instance of {@code #/components/schemas/<component>}: empty when valid. */
    List<String> problems(String component, String body) {
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + "#/components/schemas/" + component));
        try {
            return schema.validate(json.readTree(body)).stream()
                    .map(Error::toString)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #problems}, for a body that is an array of that component. */
    List<String> problemsOfEach(String component, String body) {
        try {
            JsonNode items = json.readTree(body);
            if (!items.isArray()) {
                return List.of("not an array: " + body);
            }
            return java.util.stream.StreamSupport.stream(items.spliterator(), false)
                    .flatMap(item -> problems(component, item.toString()).stream())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
