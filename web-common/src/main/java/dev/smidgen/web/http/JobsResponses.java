package dev.smidgen.web.http;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.web.config.ApiConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the responses of the jobs generation (docs/api/jobs.md#conventions): bare resources,
 * bare arrays with cursor links for lists, and {@code {kind, message}} errors.
 */
@RequestScoped
public class JobsResponses {
    @Inject
    ApiConfig config;

    /** Whether {@code path} belongs to the jobs generation alone (the shared {@code /tasks} decides per request). */
    public static boolean isJobsPath(String path) {
        return path.equals("/jobs")
                || path.startsWith("/jobs/")
                || path.equals("/connections")
                || path.startsWith("/connections/");
    }

    public Response object(int status, Map<String, Object> body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }

    /**
     * One page of a cursor-paged list: the items as a bare array, and a {@code Link} header whose
     * {@code next} continues after the last item and {@code prev} goes back before the first.
     *
     * @param hasMore whether more items follow in the page's direction
     */
    public Response list(List<Map<String, Object>> items, CursorRequest page, boolean hasMore, String path) {
        Response.ResponseBuilder r =
                Response.ok(items, MediaType.APPLICATION_JSON_TYPE).header("X-Has-More", hasMore);
        List<String> link = new ArrayList<>();
        if (!items.isEmpty()) {
            String first = (String) items.get(0).get("id");
            String last = (String) items.get(items.size() - 1).get("id");
            boolean forward = page.before() == null;
            if (forward ? hasMore : true) {
                link.add("<" + config.baseUrl() + path + page.queryAfter(last) + ">; rel=\"next\"");
            }
            if (forward ? page.after() != null : hasMore) {
                link.add("<" + config.baseUrl() + path + page.queryBefore(first) + ">; rel=\"prev\"");
            }
        }
        if (!link.isEmpty()) {
            r.header("Link", String.join(", ", link));
        }
        return r.build();
    }

    /** {@code {kind, message}}: the code, with {@code invalid_input} and {@code <thing>_not_found} as published. */
    static Map<String, Object> errorBody(SmidgenException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind(e));
        body.put("message", e.getMessage());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        return body;
    }

    static String kind(SmidgenException e) {
        if (e.code() == ErrorCode.INVALID_REQUEST) {
            return "invalid_input";
        }
        if (e instanceof SmidgenException.NotFound nf) {
            return nf.what().toLowerCase(Locale.ROOT).replace(' ', '_') + "_not_found";
        }
        return e.code().code();
    }

    /** A time as the jobs generation writes it: Unix milliseconds, or null. */
    public static Long millis(Instant time) {
        return time == null ? null : time.toEpochMilli();
    }
}
