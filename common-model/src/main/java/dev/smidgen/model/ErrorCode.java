package dev.smidgen.model;

/**
 * The closed list of error codes a client can see, each with its HTTP status. Codes are public API:
 * never rename one, only add.
 */
public enum ErrorCode {
    INVALID_REQUEST(400, "The request is malformed or a field is invalid."),
    UNSUPPORTED_VERSION(400, "The Accept-Version header names no known API version."),
    UNAUTHORIZED(401, "A valid API key is required."),
    FORBIDDEN(403, "This request is not allowed."),
    SIGNATURE_REQUIRED(
            403,
            "This file belongs to a private project: its URL needs expiry, method and signature (see POST /signatures)."),
    SIGNATURE_EXPIRED(403, "This signed URL has expired."),
    SIGNATURE_INVALID(403, "The signature does not match this URL's project, path, expiry and method."),
    SIGNATURE_METHOD_MISMATCH(403, "This URL was signed for a different method than the request uses."),
    NOT_FOUND(404, "No such resource."),
    METHOD_NOT_ALLOWED(405, "This method is not allowed on this resource."),
    CONFLICT(409, "The request conflicts with the current state."),
    UPLOAD_EXPIRED(410, "The upload session has expired."),
    UNSUPPORTED_PROTOCOL_VERSION(412, "The request's Tus-Resumable version is not supported (see Tus-Version)."),
    FILE_TOO_LARGE(413, "The file is larger than the allowed limit."),
    REQUEST_TOO_LARGE(413, "The request body is too large."),
    UNSUPPORTED_MEDIA_TYPE(415, "The request body must be JSON."),
    UNSUPPORTED_MEDIA(422, "The file is not media Smidgen can read."),
    CONVERSION_NOT_ALLOWED(422, "That conversion is not possible for this input."),
    UPSCALE_NOT_ALLOWED(422, "The output cannot be larger than the input."),
    CONDITION_FAILED(422, "The file does not meet the upload conditions."),
    SOURCE_UNREACHABLE(422, "The source URL could not be fetched."),
    SOURCE_FORBIDDEN_ADDRESS(422, "The source URL points at an address Smidgen may not fetch."),
    RATE_LIMITED(429, "Too many requests."),
    CHECKSUM_MISMATCH(460, "The request body does not match its Upload-Checksum; nothing of it was kept."),
    INTERNAL(500, "Something went wrong on our side."),
    UNAVAILABLE(503, "A dependency is unavailable; try again shortly."),
    // Resource bounds: each limit a task can hit has a code of its own, so a client can tell them apart.
    DEADLINE_EXCEEDED(422, "The processing took longer than its deadline and was stopped."),
    INPUT_TOO_LARGE(422, "The file's picture is larger than the server processes."),
    OUTPUT_TOO_LARGE(422, "The requested output is larger than the server produces."),
    RESOURCE_LIMIT(422, "The processing needed more memory than a task may use."),
    SOURCE_TOO_SLOW(422, "The source URL sent its bytes too slowly."),
    // The user's own storage (docs/api/connections.md): what went wrong reaching it, told apart.
    CONNECTION_UNREACHABLE(422, "The connection's storage could not be reached."),
    CONNECTION_UNAUTHORIZED(422, "The connection's storage refused its keys."),
    BUCKET_NOT_FOUND(422, "The bucket does not exist at the connection's storage.");

    private final int status;
    private final String defaultMessage;

    ErrorCode(int status, String defaultMessage) {
        this.status = status;
        this.defaultMessage = defaultMessage;
    }

    /** HTTP status used when this code is the reason a request failed. */
    public int status() {
        return status;
    }

    /** The stable snake_case code clients match on. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** The code for a stored string, or {@link #INTERNAL} for one this build does not know. */
    public static ErrorCode fromCode(String code) {
        for (ErrorCode c : values()) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        return INTERNAL;
    }
}
