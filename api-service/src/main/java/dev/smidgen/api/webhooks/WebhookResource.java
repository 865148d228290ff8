package dev.smidgen.api.webhooks;

import dev.smidgen.catalog.webhooks.WebhookEndpointEntity;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.PageRequest;
import dev.smidgen.web.http.RequestContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code /webhooks}: URLs that hear of a project's events ({@code task.completed}, {@code task.failed},
 * {@code media.created}), each signed with its own secret, and the project secret that signs
 * deliveries to tasks' own {@code webhook_url}s.
 */
@Path("/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class WebhookResource {
    @Inject
    RequestContext ctx;

    @Inject
    ApiResponses responses;

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    DispatchQueries deliveries;

    @POST
    public Response create(String body) {
        WebhookEndpointEntity e = endpoints.create(ctx.projectId(), JsonBody.parse(body));
        return responses.object(201, new WebhookView(e, true), "/webhooks/" + e.id, "/webhooks");
    }

    @GET
    public Response list(@QueryParam("page") String page, @QueryParam("limit") String limit) {
        PageRequest paging = PageRequest.parse(page, limit);
        WebhookEndpoints.Page result = endpoints.page(ctx.projectId(), paging);
        return responses.list(result.items(), paging, result.total(), "/webhooks", null);
    }

    @GET
    @Path("/secret")
    public Response secret() {
        return responses.object(
                200, new WebhookSecretView(endpoints.projectSecret(ctx.projectId())), "/webhooks/secret", "/webhooks");
    }

    @POST
    @Path("/secret/roll")
    public Response rollSecret() {
        return responses.object(
                200,
                new WebhookSecretView(endpoints.rollProjectSecret(ctx.projectId())),
                "/webhooks/secret",
                "/webhooks");
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        WebhookEndpointEntity e = endpoints.find(ctx.projectId(), id);
        return responses.object(200, new WebhookView(e, true), "/webhooks/" + e.id, "/webhooks");
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        endpoints.delete(ctx.projectId(), id);
        return responses.deleted("Webhook " + id + " deleted.", "/webhooks");
    }

    @GET
    @Path("/{id}/deliveries")
    public Response deliveries(
            @PathParam("id") String id,
            @QueryParam("page") String page,
            @QueryParam("limit") String limit,
            @QueryParam("status") String status) {
        PageRequest paging = PageRequest.parse(page, limit);
        DispatchQueries.Filter filter =
                new DispatchQueries.Filter(endpoints.find(ctx.projectId(), id).id, null, status);
        DispatchQueries.Page result = deliveries.page(ctx.projectId(), filter, paging);
        String query = status == null ? null : "status=" + URLEncoder.encode(status, StandardCharsets.UTF_8);
        return responses.list(result.items(), paging, result.total(), "/webhooks/" + id + "/deliveries", query);
    }
}
