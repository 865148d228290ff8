package dev.smidgen.web.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JaxRsRoutesTests {
    @Path("/store/{mode: single|resumable}")
    static class Alternation {
        @PUT
        public void put() {}
    }

    @Path("/cdn")
    static class Regex {
        @GET
        @Path("/{key: .+}")
        public void get() {}

        @HEAD
        @Path("{key: .+}")
        public void head() {}

        public void notARoute() {}
    }

    @Test
    void anAlternationOfLiteralsIsOneRoutePerLiteral() {
        assertEquals(List.of("PUT /store/single", "PUT /store/resumable"), JaxRsRoutes.routesOf(Alternation.class));
    }

    @Test
    void aRegularExpressionIsDroppedFromItsTemplate() {
        assertEquals(
                List.of("GET /cdn/{key}", "HEAD /cdn/{key}"),
                JaxRsRoutes.routesOf(Regex.class).stream().sorted().toList());
    }

    @Test
    void segmentsJoinWithOneSlash() {
        assertEquals("/tus/{id}", JaxRsRoutes.join("/tus", "{id}"));
        assertEquals("/tus", JaxRsRoutes.join("/tus/", ""));
        assertEquals("/a/b", JaxRsRoutes.join("a", "/b/"));
    }
}
