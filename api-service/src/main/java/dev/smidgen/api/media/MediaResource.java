package dev.smidgen.api.media;

import dev.smidgen.api.http.LibraryResource;
import dev.smidgen.catalog.listing.LibraryQueries;
import dev.smidgen.catalog.listing.ListRequest;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.media.MediaView;
import dev.smidgen.web.media.MediaViews;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /media}: media items, named by id or alias; {@code POST} ingests a URL into a new item synchronously. */
@Path("/media")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class MediaResource extends LibraryResource<MediaView> {
    @Inject
    MediaQueries media;

    @Inject
    MediaViews views;

    @Inject
    MediaCommands commands;

    @Override
    protected String collection() {
        return "/media";
    }

    @Override
    protected MediaView view(String projectId, String idOrAlias) {
        return views.view(projectId, idOrAlias);
    }

    @Override
    protected String idOf(MediaView view) {
        return view.media().id;
    }

    @Override
    protected MediaView created(String projectId, TaskEntity task) {
        return views.view(projectId, task.mediaId);
    }

    @Override
    protected LibraryQueries.Page<MediaView> page(String projectId, ListRequest request) {
        return media.page(projectId, request);
    }

    @Override
    protected void edit(String projectId, String idOrAlias, JsonBody body) {
        commands.patch(projectId, idOrAlias, body);
    }

    @Override
    protected void remove(String projectId, String idOrAlias) {
        commands.delete(projectId, idOrAlias);
    }

    @Override
    protected String removed(String idOrAlias) {
        return "Media " + idOrAlias + " deleted; it can be restored for a while.";
    }

    @POST
    @Path("/{id}/restore")
    public Response restore(@PathParam("id") String id) {
        commands.restore(ctx.projectId(), id);
        return one(200, views.view(ctx.projectId(), id));
    }
}
