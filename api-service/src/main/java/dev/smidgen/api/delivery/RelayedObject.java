package dev.smidgen.api.delivery;

import io.vertx.core.Context;
import io.vertx.core.http.HttpClientResponse;

/**
 * The store's answer for bytes {@code first}..{@code last} of an object, paused until
 * {@link RelayedBodyWriter} sends it on, and the Vert.x context its events arrive on. Whoever takes
 * it must resume or reset it: a paused answer holds its pooled connection.
 */
record RelayedObject(HttpClientResponse source, Context context, String storageKey, long first, long last) {
    long length() {
        return last - first + 1;
    }
}
