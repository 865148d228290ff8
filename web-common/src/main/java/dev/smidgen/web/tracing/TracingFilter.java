package dev.smidgen.web.tracing;

import dev.smidgen.model.tracing.Telemetry;
import dev.smidgen.model.tracing.TraceScope;
import dev.smidgen.web.http.RequestContextFilter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.runtime.BlockingOperationControl;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * The server span of every request to a public service: continues the caller's trace when it sends
 * a {@code traceparent}, else starts one, and names it by route template (not the path: ids would
 * make every name unique). Blocking resources run the span as the thread's current one, so the
 * task rows and outbox rows the request writes carry its trace; every response says its trace in
 * {@code X-Trace-Id}. A non-blocking resource (delivery) only gets the span: its response may finish
 * on another thread, which must not inherit an event loop's current span.
 */
@Provider
@Priority(TracingFilter.PRIORITY)
public class TracingFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** First of all filters, so the request context's own logs already carry the trace id. */
    public static final int PRIORITY = RequestContextFilter.PRIORITY - 100;

    private static final String SPAN = TracingFilter.class.getName() + ".span";
    private static final String SCOPE = TracingFilter.class.getName() + ".scope";
    private static final String THREAD = TracingFilter.class.getName() + ".thread";

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        String route = route();
        Span span = Telemetry.span(request.getMethod() + " " + route, SpanKind.SERVER)
                .setParent(Telemetry.parent(request.getHeaderString("traceparent")))
                .setAttribute("http.request.method", request.getMethod())
                .setAttribute("http.route", route)
                .setAttribute("url.path", "/" + request.getUriInfo().getPath().replaceFirst("^/", ""))
                .startSpan();
        request.setProperty(SPAN, span);
        if (BlockingOperationControl.isBlockingAllowed()) {
            request.setProperty(SCOPE, TraceScope.enter(span));
            request.setProperty(THREAD, Thread.currentThread());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(SPAN) instanceof Span span)) {
            return; // the request failed before this filter ran (unmatched route, pre-matching refusal)
        }
        if (request.getProperty(SCOPE) instanceof TraceScope scope
                && request.getProperty(THREAD) == Thread.currentThread()) {
            scope.close();
        }
        response.getHeaders().putSingle("X-Trace-Id", span.getSpanContext().getTraceId());
        span.setAttribute("http.response.status_code", response.getStatus());
        if (response.getStatus() >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** The matched route as declared ({@code /tasks/{id}}), from the resource class and method paths. */
    private String route() {
        Class<?> type = resource == null ? null : resource.getResourceClass();
        Method method = resource == null ? null : resource.getResourceMethod();
        if (type == null || method == null) {
            return "unmatched";
        }
        Path base = type.getAnnotation(Path.class);
        Path sub = method.getAnnotation(Path.class);
        String joined = (base == null ? "" : "/" + base.value()) + (sub == null ? "" : "/" + sub.value());
        String route = joined.replaceAll("/+", "/");
        return route.length() > 1 && route.endsWith("/") ? route.substring(0, route.length() - 1) : route;
    }
}
