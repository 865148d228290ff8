package dev.smidgen.web.http;

/**
 * A domain view the API can serialise. One view, two shapes: the {@code 2024-08-21} shape of the
 * documents and the bare {@code 2025-08-20} shape; the logic behind both is the same.
 */
public interface Representable {
    Object render(ApiVersion version);

    /**
     * The trace this object's work belongs to, shown as {@code meta.trace_id} in the envelope; null
     * for objects without one (only tasks have one: the trace of the request that created them).
     */
    default String traceId() {
        return null;
    }
}
