package dev.smidgen.api.uploads;

import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.PageRequest;
import dev.smidgen.web.http.RequestContext;
import dev.smidgen.web.uploads.UploadView;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /uploads}: sessions for direct uploads (docs/api/uploads.md). A server with the API key creates one
 * and hands its {@code url} to a browser or app, which sends the bytes to the upload service.
 */
@Path("/uploads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class UploadResource {
    @Inject
    RequestContext ctx;

    @Inject
    ApiResponses responses;

    @Inject
    UploadSessions sessions;

    @Inject
    UploadConfig config;

    @POST
    public Response create(String body) {
        UploadView view = sessions.create(ctx.project(), UploadRequest.from(JsonBody.parse(body), config));
        // 200 as in ittybit's example (docs/api/ittybit.md#uploads), not 201: the session is a ticket, not the media.
        return responses.object(200, view, "/uploads/" + view.session().id, "/uploads");
    }

    @GET
    public Response list(
            @QueryParam("page") String page,
            @QueryParam("limit") String limit,
            @QueryParam("status") String status,
            @QueryParam("fingerprint") String fingerprint) {
        PageRequest paging = PageRequest.parse(page, limit);
        UploadSessions.Page result = sessions.page(ctx.project(), status, fingerprint, paging);
        List<String> query = new ArrayList<>();
        if (status != null) {
            query.add("status=" + URLEncoder.encode(status, StandardCharsets.UTF_8));
        }
        if (fingerprint != null) {
            query.add("fingerprint=" + URLEncoder.encode(fingerprint, StandardCharsets.UTF_8));
        }
        return responses.list(result.items(), paging, result.total(), "/uploads", String.join("&", query));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        UploadView view = sessions.find(ctx.project(), id);
        return responses.object(200, view, "/uploads/" + id, "/uploads");
    }
}
