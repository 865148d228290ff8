package dev.smidgen.api.http;

import dev.smidgen.api.auth.ApiKeys;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Runs before every API resource: records the request, negotiates {@code Accept-Version} and
 * authenticates the API key. Admin and delivery paths authenticate on their own terms.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiRequestFilter implements ContainerRequestFilter, ContainerResponseFilter {
    @Inject
    RequestContext ctx;
    @Inject
    ApiKeys keys;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
        ctx.request(request.getMethod(), path);
        String version = request.getHeaderString("Accept-Version");
        if (version == null) {
            version = request.getHeaderString("ACCEPT_VERSION");
        }
        ctx.version(ApiVersion.resolve(version));
        if (path.startsWith("/admin") || path.startsWith("/cdn/")) {
            return;
        }
        ctx.authenticate(keys.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Request-Id", ctx.requestId());
        response.getHeaders().putSingle("X-Api-Version", ctx.version().label());
    }
}
