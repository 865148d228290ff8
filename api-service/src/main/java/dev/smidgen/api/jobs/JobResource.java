package dev.smidgen.api.jobs;

import dev.smidgen.catalog.jobs.JobEntity;
import dev.smidgen.catalog.jobs.Jobs;
import dev.smidgen.web.http.CursorRequest;
import dev.smidgen.web.http.JobsResponses;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.RequestContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /jobs}: the jobs generation of the API (docs/api/jobs.md). */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class JobResource {
    @Inject
    RequestContext ctx;

    @Inject
    JobsResponses responses;

    @Inject
    JobBodies bodies;

    @Inject
    Jobs jobs;

    @Inject
    JobViews views;

    @POST
    public Response create(String body) {
        JobEntity job = jobs.create(ctx.projectId(), bodies.job(ctx.projectId(), JsonBody.parse(body)));
        return responses.object(201, views.view(ctx.projectId(), job.id));
    }

    @GET
    public Response list(
            @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @QueryParam("before") String before,
            @QueryParam("order") String order) {
        CursorRequest page = CursorRequest.parse(limit, after, before, order);
        JobViews.Page result = views.page(ctx.projectId(), page);
        return responses.list(result.items(), page, result.hasMore(), "/jobs");
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return responses.object(200, views.view(ctx.projectId(), id));
    }

    @POST
    @Path("/{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        JobEntity job = jobs.cancel(ctx.projectId(), id);
        return responses.object(200, views.view(ctx.projectId(), job.id));
    }
}
