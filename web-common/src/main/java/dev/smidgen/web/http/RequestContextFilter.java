package dev.smidgen.web.http;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Runs before every resource of a public service, ahead of any authentication: records the
 * request and negotiates {@code Accept-Version}; every response then carries its
 * {@code X-Request-Id} and {@code X-Api-Version}.
 */
@Provider
@Priority(RequestContextFilter.PRIORITY)
public class RequestContextFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** Before {@code AUTHENTICATION}, so authentication failures already have the request and version. */
    public static final int PRIORITY = Priorities.AUTHENTICATION - 100;

    @Inject
    RequestContext ctx;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
        ctx.request(request.getMethod(), path);
        if (JobsResponses.isJobsPath(path)) {
            ctx.speakJobs();
        }
        String version = request.getHeaderString("Accept-Version");
        if (version == null) {
            version = request.getHeaderString("ACCEPT_VERSION");
        }
        ctx.version(ApiVersion.resolve(version));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Request-Id", ctx.requestId());
        response.getHeaders().putSingle("X-Api-Version", ctx.version().label());
    }
}
