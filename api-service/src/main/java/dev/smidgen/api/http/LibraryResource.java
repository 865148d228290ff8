package dev.smidgen.api.http;

import dev.smidgen.api.ingest.SyncIngest;
import dev.smidgen.catalog.listing.LibraryQueries;
import dev.smidgen.catalog.listing.ListRequest;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.Representable;
import dev.smidgen.web.http.RequestContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The endpoints {@code /files} and {@code /media} share: {@code POST} ingests a URL synchronously
 * and answers with what it made, {@code GET} lists or reads one, {@code PATCH} edits it and
 * {@code DELETE} removes it. Each collection says how its rows are read, changed and named.
 *
 * @param <V> how the API shows one row of the collection
 */
public abstract class LibraryResource<V extends Representable> {
    @Inject
    protected RequestContext ctx;

    @Inject
    protected ApiResponses responses;

    @Inject
    SyncIngest syncIngest;

    /** The collection's path, {@code /files} or {@code /media}. */
    protected abstract String collection();

    /** One live row by what the path names (an id, or an alias where the collection has them). */
    protected abstract V view(String projectId, String id);

    /** The id of the row a view shows, for its self link. */
    protected abstract String idOf(V view);

    /** What a completed ingest made, as this collection shows it. */
    protected abstract V created(String projectId, TaskEntity task);

    protected abstract LibraryQueries.Page<V> page(String projectId, ListRequest request);

    protected abstract void edit(String projectId, String id, JsonBody body);

    protected abstract void remove(String projectId, String id);

    /** What the answer to a delete says. */
    protected abstract String removed(String id);

    @POST
    public Response create(String body) {
        return syncIngest.respond(ctx.projectId(), body, task -> one(201, created(ctx.projectId(), task)));
    }

    @GET
    public Response list(@Context UriInfo uri) {
        ListParams params = ListParams.from(uri.getQueryParameters());
        LibraryQueries.Page<V> page = page(ctx.projectId(), params.request());
        return responses.list(page.items(), params.page(), page.total(), collection(), params.echoQuery());
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return one(200, view(ctx.projectId(), id));
    }

    @PATCH
    @Path("/{id}")
    public Response patch(@PathParam("id") String id, String body) {
        edit(ctx.projectId(), id, JsonBody.parse(body));
        return one(200, view(ctx.projectId(), id));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        remove(ctx.projectId(), id);
        return responses.deleted(removed(id), collection());
    }

    /** One row with its self link. */
    protected Response one(int status, V view) {
        return responses.object(status, view, collection() + "/" + idOf(view), collection());
    }
}
