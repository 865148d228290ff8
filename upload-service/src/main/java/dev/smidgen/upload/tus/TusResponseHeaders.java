package dev.smidgen.upload.tus;

import dev.smidgen.model.ErrorCode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Every response under {@code /tus}, errors included, says {@code Tus-Resumable: 1.0.0}; a 412 also
 * lists the versions spoken. Matched by path, not by name binding, so that errors raised before a
 * resource method is chosen (unknown method, 404) carry it too.
 */
@Provider
public class TusResponseHeaders implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/tus") && !path.startsWith("/tus/")) {
            return;
        }
        response.getHeaders().putSingle(TusHeaders.TUS_RESUMABLE, TusHeaders.VERSION);
        if (response.getStatus() == ErrorCode.UNSUPPORTED_PROTOCOL_VERSION.status()) {
            response.getHeaders().putSingle(TusHeaders.TUS_VERSION, TusHeaders.VERSION);
        }
    }
}
