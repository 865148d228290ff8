package dev.smidgen.catalog.connections;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What a failed call to a user's bucket means to the client, as one of the connection codes
 * (docs/api/connections.md#errors). Messages name the connection and bucket, never a key.
 */
public final class ConnectionErrors {
    private ConnectionErrors() {}

    /**
     * The failure {@code e} of a call through {@code connection} about {@code bucket} (null for
     * ListBuckets): a refusal of the endpoint's address as it was, a 403 or key error as
     * {@code connection_unauthorized}, a 404 as {@code bucket_not_found}, anything else, DNS,
     * connect, TLS, timeouts and 5xx, as {@code connection_unreachable}.
     */
    public static SmidgenException of(ConnectionEntity connection, String bucket, SdkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SmidgenException inner) {
                // The guarded resolver refused the address at connect time, or the request body (a
                // range of our own store) could not be read: that failure is the store's, as it was.
                boolean address = inner.code() == ErrorCode.SOURCE_FORBIDDEN_ADDRESS
                        || inner.code() == ErrorCode.SOURCE_UNREACHABLE;
                return address ? ofAddress(connection, inner) : inner;
            }
        }
        String where = "connection " + connection.id;
        if (e instanceof S3Exception s3) {
            String code =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            int status = s3.statusCode();
            if (status == 403
                    || "InvalidAccessKeyId".equals(code)
                    || "SignatureDoesNotMatch".equals(code)
                    || "AccessDenied".equals(code)) {
                return new SmidgenException(
                        ErrorCode.CONNECTION_UNAUTHORIZED,
                        "The storage refused the keys of " + where + (bucket == null ? "" : " for bucket " + bucket)
                                + " (" + describe(status, code) + ").");
            }
            if (status == 404 || "NoSuchBucket".equals(code)) {
                return new SmidgenException(
                        ErrorCode.BUCKET_NOT_FOUND, "The bucket " + bucket + " does not exist at " + where + ".");
            }
            if (status == 400 && "AuthorizationHeaderMalformed".equals(code)) {
                return new SmidgenException(
                        ErrorCode.CONNECTION_UNAUTHORIZED,
                        "The storage refused the request of " + where + ": check its region (" + code + ").");
            }
            return new SmidgenException(
                    ErrorCode.CONNECTION_UNREACHABLE,
                    "The storage of " + where + " answered " + describe(status, code) + ".");
        }
        return new SmidgenException(
                ErrorCode.CONNECTION_UNREACHABLE,
                "The storage of " + where + " could not be reached: " + rootMessage(e) + ".");
    }

    /**
     * A failure of the address rules for the endpoint's host: a refusal stays
     * {@code source_forbidden_address} (on field {@code endpoint}), a name that does not resolve is
     * {@code connection_unreachable}.
     */
    public static SmidgenException ofAddress(ConnectionEntity connection, SmidgenException e) {
        if (e.code() == ErrorCode.SOURCE_UNREACHABLE) {
            return new SmidgenException(
                    ErrorCode.CONNECTION_UNREACHABLE,
                    "The storage of connection " + connection.id + " could not be reached: " + e.getMessage());
        }
        return new SmidgenException(e.code(), e.getMessage().replace("The URL host", "The endpoint host"), "endpoint");
    }

    private static String describe(int status, String code) {
        return "HTTP " + status + (code == null ? "" : " " + code);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
