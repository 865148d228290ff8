package dev.smidgen.api.http;

import dev.smidgen.api.auth.ApiKeys;
import dev.smidgen.api.console.ConsoleResource;
import dev.smidgen.web.http.RequestContext;
import dev.smidgen.web.http.RequestContextFilter;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates the API key of every API resource; {@link RequestContextFilter} has recorded the
 * request and negotiated its version before. Admin and delivery paths authenticate on their own terms;
 * the console's address only redirects to its static files, which ask for a key in the browser.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {
    @Inject
    RequestContext ctx;

    @Inject
    ApiKeys keys;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = ctx.path();
        if (path.startsWith("/admin") || path.startsWith("/cdn/") || path.equals(ConsoleResource.PATH)) {
            return;
        }
        ctx.authenticate(keys.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
    }
}
