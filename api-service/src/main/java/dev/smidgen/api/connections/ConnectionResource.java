package dev.smidgen.api.connections;

import dev.smidgen.catalog.connections.ConnectionEntity;
import dev.smidgen.web.http.CursorRequest;
import dev.smidgen.web.http.JobsResponses;
import dev.smidgen.web.http.JsonBody;
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
import java.util.List;
import java.util.Map;

/** {@code /connections}: the user's own S3-compatible storage, for s3:// inputs and outputs (docs/api/connections.md). */
@Path("/connections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ConnectionResource {
    @Inject
    RequestContext ctx;

    @Inject
    JobsResponses responses;

    @Inject
    ConnectionCommands connections;

    @POST
    public Response create(String body) {
        ConnectionEntity c = connections.create(ctx.projectId(), JsonBody.parse(body));
        return responses.object(201, ConnectionView.of(c));
    }

    @GET
    public Response list(
            @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @QueryParam("before") String before,
            @QueryParam("order") String order) {
        CursorRequest request = CursorRequest.parse(limit, after, before, order);
        ConnectionCommands.Page page = connections.page(ctx.projectId(), request);
        List<Map<String, Object>> items =
                page.items().stream().map(ConnectionView::of).toList();
        return responses.list(items, request, page.hasMore(), "/connections");
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return responses.object(200, ConnectionView.of(connections.find(ctx.projectId(), id)));
    }

    @PATCH
    @Path("/{id}")
    public Response patch(@PathParam("id") String id, String body) {
        return responses.object(200, ConnectionView.of(connections.patch(ctx.projectId(), id, JsonBody.parse(body))));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        connections.delete(ctx.projectId(), id);
        Map<String, Object> deleted = new java.util.LinkedHashMap<>();
        deleted.put("id", id);
        deleted.put("object", "storage_connection");
        deleted.put("deleted", true);
        return responses.object(200, deleted);
    }

    @POST
    @Path("/{id}/test")
    public Response test(@PathParam("id") String id) {
        return responses.object(200, ConnectionView.of(connections.test(ctx.projectId(), id)));
    }
}
