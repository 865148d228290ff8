package dev.smidgen.api.media;

import dev.smidgen.api.http.ApiResponses;
import dev.smidgen.api.http.JsonBody;
import dev.smidgen.api.http.RequestContext;
import dev.smidgen.api.ingest.IngestRequest;
import dev.smidgen.api.ingest.SyncIngest;
import dev.smidgen.api.tasks.TaskQueries;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
    TaskQueries tasks;

    @POST
    public Response create(String body) {
        SyncIngest.Outcome outcome = syncIngest.ingest(ctx.projectId(), IngestRequest.from(JsonBody.parse(body)));
        if (!outcome.finished()) {
            return responses.object(202, tasks.view(outcome.task()), "/tasks/" + outcome.task().id, "/tasks");
        }
        MediaView view = media.view(ctx.projectId(), outcome.task().mediaId);
        return responses.object(201, view, "/media/" + view.media().id, "/media");
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String idOrAlias) {
        MediaView view = media.view(ctx.projectId(), idOrAlias);
        return responses.object(200, view, "/media/" + view.media().id, "/media");
    }
}
