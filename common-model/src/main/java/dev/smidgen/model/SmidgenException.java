package dev.smidgen.model;

/**
 * A failure with a stable {@link ErrorCode}: the one exception type every layer throws for
 * problems a client should see. {@code field} is the JSON path of the offending input, if any.
 */
public class SmidgenException extends RuntimeException {
    private final ErrorCode code;
    private final String field;
    private final boolean transientFailure;

    public SmidgenException(ErrorCode code, String message) {
        this(code, message, null, false, null);
    }

    public SmidgenException(ErrorCode code, String message, String field) {
        this(code, message, field, false, null);
    }

    protected SmidgenException(
            ErrorCode code, String message, String field, boolean transientFailure, Throwable cause) {
        super(message == null ? code.defaultMessage() : message, cause);
        this.code = code;
        this.field = field;
        this.transientFailure = transientFailure;
    }

    /** A failure worth retrying later (network hiccup, 5xx from a source, storage blip). */
    public static SmidgenException transientFailure(ErrorCode code, String message, Throwable cause) {
        return new SmidgenException(code, message, null, true, cause);
    }

    public static SmidgenException invalid(String field, String message) {
        return new SmidgenException(ErrorCode.INVALID_REQUEST, message, field);
    }

    /** {@code not_found} for a resource named {@code what} ("File", "Job"), which the jobs generation names in its error kind. */
    public static SmidgenException notFound(String what) {
        return new NotFound(what);
    }

    /** A {@code not_found} that knows what was not found. */
    public static final class NotFound extends SmidgenException {
        private final String what;

        NotFound(String what) {
            super(ErrorCode.NOT_FOUND, what + " not found.");
            this.what = what;
        }

        /** The resource, as named in the message ("Job", "Media"). */
        public String what() {
            return what;
        }
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** Whether retrying the same work later may succeed. */
    public boolean isTransient() {
        return transientFailure;
    }
}
