package dev.smidgen.api.media;

import dev.smidgen.api.http.ListParams;
import dev.smidgen.api.ingest.SyncIngest;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.RequestContext;
import dev.smidgen.web.media.MediaViews;
import dev.smidgen.web.media.MediaView;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /media}: media items; {@code POST} ingests a URL into a new item synchronously. */
@Path("/media")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class MediaResource {
    @Inject
    RequestContext ctx;
    @Inject
    ApiResponses responses;
    @Inject
    SyncIngest syncIngest;
    @Inject
    MediaQueries media;
    @Inject
    MediaViews views;
    @Inject
    MediaCommands commands;

    @POST
    public Response create(String body) {
        return syncIngest.respond(ctx.projectId(), body, task -> {
            MediaView view = views.view(ctx.projectId(), task.mediaId);
            return responses.object(201, view, "/media/" + view.media().id, "/media");
        });
    }

    @GET
    public Response list(@Context UriInfo uri) {
        ListParams params = ListParams.from(uri.getQueryParameters());
        MediaQueries.Page page = media.page(ctx.projectId(), params.request());
        return responses.list(page.items(), params.page(), page.total(), "/media", params.echoQuery());
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String idOrAlias) {
        MediaView view = views.view(ctx.projectId(), idOrAlias);
        return responses.object(200, view, "/media/" + view.media().id, "/media");
    }

    @PATCH
    @Path("/{id}")
    public Response patch(@PathParam("id") String idOrAlias, String body) {
        commands.patch(ctx.projectId(), idOrAlias, JsonBody.parse(body));
        MediaView view = views.view(ctx.projectId(), idOrAlias);
        return responses.object(200, view, "/media/" + view.media().id, "/media");
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String idOrAlias) {
        commands.delete(ctx.projectId(), idOrAlias);
        return responses.deleted("Media " + idOrAlias + " deleted; it can be restored for a while.", "/media");
    }

    @POST
    @Path("/{id}/restore")
    public Response restore(@PathParam("id") String id) {
        commands.restore(ctx.projectId(), id);
        MediaView view = views.view(ctx.projectId(), id);
        return responses.object(200, view, "/media/" + view.media().id, "/media");
    }
}
