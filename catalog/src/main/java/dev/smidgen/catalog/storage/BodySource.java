package dev.smidgen.catalog.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a request body that is sent as it arrives (not from a finished local file): a store
 * opens it once per attempt, so a source that can start again from its first byte (a file still being
 * written) lets a failed attempt be retried, and one that cannot throws on the second open. A stream
 * that throws an {@link IOException} mid-way ends the attempt with nothing stored.
 */
@FunctionalInterface
public interface BodySource {
    InputStream open() throws IOException;
}
