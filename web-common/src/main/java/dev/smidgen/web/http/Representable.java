package dev.smidgen.web.http;

/**
 * A domain view the API can serialise. One view, two shapes: the {@code 2024-08-21} shape of the
 * documents and the bare {@code 2025-08-20} shape; the logic behind both is the same.
 */
public interface Representable {
    Object render(ApiVersion version);
}
