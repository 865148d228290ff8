package dev.smidgen.api.files;

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

/** {@code /files}: stored objects; {@code POST} ingests a URL synchronously. */
@Path("/files")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class FileResource {
    @Inject
    RequestContext ctx;
    @Inject
    ApiResponses responses;
    @Inject
    SyncIngest syncIngest;
    @Inject
    FileQueries files;
    @Inject
    TaskQueries tasks;

    @POST
    public Response create(String body) {
        SyncIngest.Outcome outcome = syncIngest.ingest(ctx.projectId(), IngestRequest.from(JsonBody.parse(body)));
        if (!outcome.finished()) {
            return responses.object(202, tasks.view(outcome.task()), "/tasks/" + outcome.task().id, "/tasks");
        }
        FileView file = files.view(ctx.projectId(), outcome.task().fileId);
        return responses.object(201, file, "/files/" + file.file().id, "/files");
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        FileView file = files.view(ctx.projectId(), id);
        return responses.object(200, file, "/files/" + file.file().id, "/files");
    }
}
