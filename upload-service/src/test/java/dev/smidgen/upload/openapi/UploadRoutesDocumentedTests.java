package dev.smidgen.upload.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.upload.tus.TusResource;
import dev.smidgen.web.openapi.ApiDocument;
import dev.smidgen.web.openapi.ApiDocument.Service;
import dev.smidgen.web.openapi.JaxRsRoutes;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The upload service's routes are exactly those docs/api/openapi.yaml gives the upload server. */
class UploadRoutesDocumentedTests {
    static final ApiDocument DOCUMENT = ApiDocument.committed();

    @Test
    void everyRouteOfTheServiceIsDocumented() {
        Set<String> routes = JaxRsRoutes.of(TusResource.class);
        assertTrue(routes.contains("PATCH /tus/{id}"), "the scan finds the resources: " + routes);
        assertEquals(
                Set.of(), DOCUMENT.undocumented(Service.UPLOAD, routes), "routes missing from docs/api/openapi.yaml");
    }

    @Test
    void everyDocumentedOperationIsARouteOfTheService() {
        Set<String> routes = JaxRsRoutes.of(TusResource.class);
        assertEquals(Set.of(), DOCUMENT.unimplemented(Service.UPLOAD, routes), "documented but not served");
    }
}
