package dev.smidgen.catalog.storage;

import dev.smidgen.model.tracing.Telemetry;
import dev.smidgen.model.tracing.TraceScope;

/** The span of one write to the store (put, copy, publish of a staged object), under the task's or request's span. */
final class StorageSpans {
    private StorageSpans() {}

    /** Runs {@code write} as the span "store {operation}" naming the key and the store kind. */
    static void write(String operation, String store, String key, Runnable write) {
        try (TraceScope span = Telemetry.start("store " + operation)) {
            span.span().setAttribute("smidgen.store", store).setAttribute("smidgen.store.key", key);
            try {
                write.run();
            } catch (RuntimeException | Error e) {
                span.fail(e);
                throw e;
            }
        }
    }
}
