package dev.smidgen.catalog.storage;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;

/** The errors both stores raise for the same situations, so callers never ask which store they have. */
final class StoreErrors {
    private StoreErrors() {}

    /** A range starting past the end of the object (HTTP 416 on S3). */
    static SmidgenException rangeNotSatisfiable(String key, long size) {
        return SmidgenException.invalid("range", "The range starts past the end of the " + size + "-byte object.");
    }

    /**
     * On a filesystem a path cannot be a file and a folder at once ({@code a} and {@code a/b}); S3
     * allows both. The one place the stores differ, and it is refused, never half-done.
     */
    static SmidgenException folderClash(String key) {
        return new SmidgenException(
                ErrorCode.CONFLICT, "'" + key + "' cannot be stored: a file and a folder on its path share a name.");
    }
}
