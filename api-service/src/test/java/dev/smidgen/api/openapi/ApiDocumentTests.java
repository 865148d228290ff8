package dev.smidgen.api.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.api.http.ApiKeyFilter;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.web.openapi.ApiDocument;
import dev.smidgen.web.openapi.ApiDocument.Service;
import dev.smidgen.web.openapi.JaxRsRoutes;
import io.swagger.v3.oas.models.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The committed API document (docs/api/openapi.yaml) against the API service's code: valid, with
 * every route the service registers and none it does not, every error code, and served as is.
 */
class ApiDocumentTests {
    static final ApiDocument DOCUMENT = ApiDocument.committed();

    @Test
    void theDocumentIsValidOpenApi() {
        assertEquals(List.of(), DOCUMENT.problems());
        assertEquals("3.1.0", DOCUMENT.model().getOpenapi());
    }

    @Test
    void everyRouteOfTheServiceIsDocumented() {
        Set<String> routes = JaxRsRoutes.of(ApiKeyFilter.class);
        assertTrue(routes.contains("GET /cdn/{key}"), "the scan finds the resources: " + routes);
        assertEquals(Set.of(), DOCUMENT.undocumented(Service.API, routes), "routes missing from docs/api/openapi.yaml");
    }

    @Test
    void everyDocumentedOperationIsARouteOfTheService() {
        Set<String> routes = JaxRsRoutes.of(ApiKeyFilter.class);
        assertEquals(Set.of(), DOCUMENT.unimplemented(Service.API, routes), "documented but not served");
    }

    @Test
    void theErrorCodeEnumIsTheClosedListOfCodes() {
        Set<String> codes =
                Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(codes, enumOf("ErrorCode"));
        Set<String> kinds = enumOf("JobsErrorKind");
        codes.stream()
                .filter(code -> !code.equals("invalid_request"))
                .forEach(code -> assertTrue(kinds.contains(code), "JobsErrorKind lacks " + code));
    }

    /** The service serves the file it was built with: the build copies it, unchanged, to META-INF. */
    @Test
    void theServedDocumentIsTheCommittedFile() throws IOException {
        try (InputStream in = ApiKeyFilter.class.getClassLoader().getResourceAsStream("META-INF/openapi.yaml")) {
            assertNotNull(in, "META-INF/openapi.yaml is on the service's class path");
            assertEquals(DOCUMENT.text(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Set<String> enumOf(String schema) {
        Schema<?> s = DOCUMENT.model().getComponents().getSchemas().get(schema);
        return s.getEnum().stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }
}
