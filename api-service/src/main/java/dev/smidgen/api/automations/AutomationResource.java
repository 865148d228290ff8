package dev.smidgen.api.automations;

import dev.smidgen.catalog.automations.AutomationEntity;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.PageRequest;
import dev.smidgen.web.http.RequestContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /automations}: "when new media matching these conditions arrives, create these
 * conversions". They fire as the {@code media.created} event is dispatched.
 */
@Path("/automations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class AutomationResource {
    @Inject
    RequestContext ctx;

    @Inject
    ApiResponses responses;

    @Inject
    AutomationCommands automations;

    @POST
    public Response create(String body) {
        AutomationEntity a = automations.create(ctx.projectId(), JsonBody.parse(body));
        return responses.object(201, new AutomationView(a), "/automations/" + a.id, "/automations");
    }

    @GET
    public Response list(@QueryParam("page") String page, @QueryParam("limit") String limit) {
        PageRequest paging = PageRequest.parse(page, limit);
        AutomationCommands.Page result = automations.page(ctx.projectId(), paging);
        return responses.list(result.items(), paging, result.total(), "/automations", null);
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        AutomationEntity a = automations.find(ctx.projectId(), id);
        return responses.object(200, new AutomationView(a), "/automations/" + a.id, "/automations");
    }

    @PATCH
    @Path("/{id}")
    public Response patch(@PathParam("id") String id, String body) {
        AutomationEntity a = automations.patch(ctx.projectId(), id, JsonBody.parse(body));
        return responses.object(200, new AutomationView(a), "/automations/" + a.id, "/automations");
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        automations.delete(ctx.projectId(), id);
        return responses.deleted("Automation " + id + " deleted.", "/automations");
    }
}
