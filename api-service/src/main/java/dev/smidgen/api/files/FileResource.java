package dev.smidgen.api.files;

import dev.smidgen.api.http.ListParams;
import dev.smidgen.api.ingest.SyncIngest;
import dev.smidgen.web.files.FileView;
import dev.smidgen.web.http.ApiResponses;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

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
    FileCommands commands;

    @POST
    public Response create(String body) {
        return syncIngest.respond(ctx.projectId(), body, task -> {
            FileView file = files.view(ctx.projectId(), task.fileId);
            return responses.object(201, file, "/files/" + file.file().id, "/files");
        });
    }

    @GET
    public Response list(@Context UriInfo uri) {
        ListParams params = ListParams.from(uri.getQueryParameters());
        FileQueries.Page page = files.page(ctx.projectId(), params.request());
        return responses.list(page.items(), params.page(), page.total(), "/files", params.echoQuery());
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        FileView file = files.view(ctx.projectId(), id);
        return responses.object(200, file, "/files/" + file.file().id, "/files");
    }

    @PATCH
    @Path("/{id}")
    public Response patch(@PathParam("id") String id, String body) {
        commands.patch(ctx.projectId(), id, JsonBody.parse(body));
        FileView file = files.view(ctx.projectId(), id);
        return responses.object(200, file, "/files/" + file.file().id, "/files");
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        commands.delete(ctx.projectId(), id);
        return responses.deleted("File " + id + " deleted.", "/files");
    }
}
