package dev.smidgen.web.http;

import dev.smidgen.model.ApiGeneration;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.web.config.ApiConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds every response body: the envelope (or bare shape) for objects, lists and errors. */
@RequestScoped
public class ApiResponses {
    @Inject
    RequestContext ctx;

    @Inject
    ApiConfig config;

    /** A single object; {@code selfPath} and {@code parentPath} are API paths such as "/tasks/task_x". */
    public Response object(int status, Representable body, String selfPath, String parentPath) {
        Object rendered = body.render(ctx.version());
        if (!ctx.version().envelope()) {
            return json(status, rendered).build();
        }
        Map<String, Object> meta = meta(status, "object");
        String traceId = body.traceId();
        if (traceId != null) {
            meta.put("trace_id", traceId); // additive: the documents' meta has no such field
        }
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", url(selfPath));
        links.put("parent", parentPath == null ? null : url(parentPath));
        return json(status, envelope(meta, rendered, null, links)).build();
    }

    /** One page of a list, with paging meta and next/prev links. */
    public Response list(List<? extends Representable> items, PageRequest page, long total, String path, String query) {
        List<Object> rendered = new ArrayList<>(items.size());
        items.forEach(i -> rendered.add(i.render(ctx.version())));
        long pages = total == 0 ? 0 : (total + page.limit() - 1) / page.limit();
        String next = page.page() < pages ? url(path + page.queryFor(page.page() + 1, query)) : null;
        String prev = page.page() > 1 && pages > 0
                ? url(path + page.queryFor((int) Math.min(page.page() - 1, pages), query))
                : null;
        if (!ctx.version().envelope()) {
            Response.ResponseBuilder r = json(200, rendered).header("X-Total-Count", total);
            List<String> link = new ArrayList<>();
            if (next != null) {
                link.add("<" + next + ">; rel=\"next\"");
            }
            if (prev != null) {
                link.add("<" + prev + ">; rel=\"prev\"");
            }
            if (!link.isEmpty()) {
                r.header("Link", String.join(", ", link));
            }
            return r.build();
        }
        Map<String, Object> meta = meta(200, "list");
        meta.put("total", total);
        meta.put("limit", page.limit());
        meta.put("page", page.page());
        meta.put("pages", pages);
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", url(path + page.queryFor(page.page(), query)));
        links.put("parent", null);
        links.put("next", next);
        links.put("prev", prev);
        return json(200, envelope(meta, rendered, null, links)).build();
    }

    /** The answer to a DELETE: {@code data: null} in the envelope, {@code {"message"}} when bare. */
    public Response deleted(String message, String parentPath) {
        if (!ctx.version().envelope()) {
            return json(200, Map.of("message", message)).build();
        }
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("parent", url(parentPath));
        return json(200, envelope(meta(200, null), null, null, links)).build();
    }

    /** The error envelope: {@code data: null} and {@code error: {code, message, field}}. */
    public Response error(SmidgenException e) {
        int status = e.code().status();
        if (ctx.generation() == ApiGeneration.JOBS) {
            return json(status, JobsResponses.errorBody(e)).build();
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().code());
        error.put("message", e.getMessage());
        error.put("field", e.field());
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", ctx.path() == null ? null : url(ctx.path()));
        Map<String, Object> body = envelope(meta(status, null), null, error, links);
        if (ctx.errorsInBothShapes()) {
            body.putAll(JobsResponses.errorBody(e));
            body.remove("field");
        }
        return json(status, body).build();
    }

    private Map<String, Object> meta(int status, String type) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("id", ctx.requestId());
        meta.put("org_id", ctx.projectOrNull() == null ? null : ctx.projectOrNull().orgId);
        meta.put("project_id", ctx.projectOrNull() == null ? null : ctx.projectOrNull().id);
        meta.put("method", ctx.method());
        meta.put("host", config.baseUrl());
        meta.put("path", ctx.path());
        meta.put("version", ctx.version().label());
        meta.put("status", status);
        meta.put("type", type);
        return meta;
    }

    private static Map<String, Object> envelope(
            Map<String, Object> meta, Object data, Object error, Map<String, Object> links) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("meta", meta);
        body.put("data", data);
        body.put("error", error);
        body.put("links", links);
        return body;
    }

    private String url(String path) {
        return config.baseUrl() + path;
    }

    private static Response.ResponseBuilder json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    }
}
