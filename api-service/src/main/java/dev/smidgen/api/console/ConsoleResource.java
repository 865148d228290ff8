package dev.smidgen.api.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The web console is static files under {@code META-INF/resources/console/}, served by the HTTP
 * layer at {@code /console/}; this sends the address people type, {@code /console}, there. The
 * console holds no server-side state: it calls the public API with the key pasted into it.
 */
@Path("/console")
public class ConsoleResource {
    public static final String PATH = "/console";

    @GET
    public Response open() {
        return Response.status(Response.Status.MOVED_PERMANENTLY)
                .location(URI.create(PATH + "/"))
                .build();
    }
}
