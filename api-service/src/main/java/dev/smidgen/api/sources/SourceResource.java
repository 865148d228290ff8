package dev.smidgen.api.sources;

import dev.smidgen.api.files.FileQueries;
import dev.smidgen.api.http.ListParams;
import dev.smidgen.catalog.listing.LibraryQueries;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import dev.smidgen.web.files.FileView;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.RequestContext;
import dev.smidgen.web.tasks.TaskViews;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /sources} (docs/api/conversions.md): {@code POST} converts a file, media item or URL into a new source
 * (the same task as {@code POST /tasks}); {@code GET} lists the sources of the project's media.
 */
@Path("/sources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SourceResource {
    @Inject
    RequestContext ctx;

    @Inject
    ApiResponses responses;

    @Inject
    Conversions conversions;

    @Inject
    FileQueries files;

    @Inject
    TaskViews views;

    @POST
    public Response create(String body) {
        JsonBody json = AdaptiveVideo.normalize(JsonBody.parse(body));
        TaskKind kind = TaskKind.fromWire(json.requiredString("kind"));
        if (kind == TaskKind.INGEST) {
            throw SmidgenException.invalid(
                    "kind",
                    "A conversion is a video, audio, image or thumbnails; use POST /tasks or /media to ingest.");
        }
        TaskEntity task = conversions.create(ctx.projectId(), kind, json);
        return responses.object(201, views.view(task), "/tasks/" + task.id, "/sources");
    }

    /**
     * Every stored file of the project's media: the sources, and the storyboard tracks too (docs/api/storyboards.md),
     * which {@code kind=thumbnails} picks out. Smidgen keeps no intelligence files.
     */
    @GET
    public Response list(@Context UriInfo uri) {
        ListParams params = ListParams.from(uri.getQueryParameters());
        LibraryQueries.Page<FileView> page = files.page(ctx.projectId(), params.request());
        return responses.list(page.items(), params.page(), page.total(), "/sources", params.echoQuery());
    }
}
