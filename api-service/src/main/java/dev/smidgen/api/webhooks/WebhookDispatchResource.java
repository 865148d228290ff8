package dev.smidgen.api.webhooks;

import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.PageRequest;
import dev.smidgen.web.http.RequestContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
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
 * {@code /deliveries}: every webhook delivery of the project (to endpoints and to tasks' own
 * {@code webhook_url}s) with its attempts, filtered by {@code event_id}, {@code webhook_id}, {@code status}.
 */
@Path("/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookDispatchResource {
    @Inject
    RequestContext ctx;

    @Inject
    ApiResponses responses;

    @Inject
    DispatchQueries deliveries;

    @GET
    public Response list(
            @QueryParam("page") String page,
            @QueryParam("limit") String limit,
            @QueryParam("event_id") String eventId,
            @QueryParam("webhook_id") String webhookId,
            @QueryParam("status") String status) {
        PageRequest paging = PageRequest.parse(page, limit);
        DispatchQueries.Page result =
                deliveries.page(ctx.projectId(), new DispatchQueries.Filter(webhookId, eventId, status), paging);
        List<String> query = new ArrayList<>();
        add(query, "event_id", eventId);
        add(query, "webhook_id", webhookId);
        add(query, "status", status);
        return responses.list(result.items(), paging, result.total(), "/deliveries", String.join("&", query));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        DispatchView view = deliveries.find(ctx.projectId(), id);
        return responses.object(200, view, "/deliveries/" + view.delivery().id, "/deliveries");
    }

    private static void add(List<String> query, String name, String value) {
        if (value != null) {
            query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
