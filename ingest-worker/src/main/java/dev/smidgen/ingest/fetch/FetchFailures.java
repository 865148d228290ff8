package dev.smidgen.ingest.fetch;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.http.conn.ConnectTimeoutException;

/** Turns source HTTP statuses, storage reads and I/O failures into ingest errors, permanent or transient. */
final class FetchFailures {
    // Our own reason phrases: the source's status line is attacker-chosen text and stays out of messages.
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(300, "Multiple Choices"),
            Map.entry(304, "Not Modified"),
            Map.entry(305, "Use Proxy"),
            Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"),
            Map.entry(410, "Gone"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(451, "Unavailable For Legal Reasons"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private FetchFailures() {}

    /** 408, 429 and 5xx may clear up on a retry; every other non-2xx answer will not. */
    static SmidgenException forStatus(int status) {
        String reason = REASONS.get(status);
        String message = "The source answered " + status + (reason == null ? "" : " " + reason) + ".";
        if (status == 408 || status == 429 || status >= 500) {
            return SmidgenException.transientFailure(ErrorCode.SOURCE_UNREACHABLE, message, null);
        }
        return new SmidgenException(ErrorCode.SOURCE_UNREACHABLE, message);
    }

    /**
     * A failure to connect to or read from the source. Everything is transient except a failed TLS
     * handshake or certificate name check, nearly always a mismatch a retry will not fix.
     */
    static SmidgenException forIo(IOException e) {
        if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException) {
            return new SmidgenException(
                    ErrorCode.SOURCE_UNREACHABLE, "The secure connection to the source failed (TLS handshake).");
        }
        String message;
        if (e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException) {
            message = "The source did not answer in time.";
        } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            message = "The source refused or could not take the connection.";
        } else if (e instanceof UnknownHostException) {
            // Transient for the same reason as in AddressGuard: NXDOMAIN and a resolver blip look alike.
            message = "The source host could not be resolved.";
        } else {
            message = "The connection to the source failed.";
        }
        return SmidgenException.transientFailure(ErrorCode.SOURCE_UNREACHABLE, message, e);
    }

    static SmidgenException tooManyRedirects(int max) {
        return new SmidgenException(ErrorCode.SOURCE_UNREACHABLE, "The source redirected more than " + max + " times.");
    }

    static SmidgenException tooLarge(long maxBytes) {
        return new SmidgenException(
                ErrorCode.FILE_TOO_LARGE, "The source is larger than the limit of " + maxBytes + " bytes.");
    }

    static SmidgenException empty() {
        return new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "The source is empty.");
    }

    static SmidgenException webPage() {
        return new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "The source URL returned a web page, not media.");
    }

    static SmidgenException truncated(long received, long declared) {
        return SmidgenException.transientFailure(
                ErrorCode.SOURCE_UNREACHABLE,
                "The source closed the connection after " + received + " of " + declared + " bytes.",
                null);
    }

    static SmidgenException localWriteFailed(IOException e) {
        // Our disk, not the source: a full or flaky volume may recover, so let the task retry.
        return SmidgenException.transientFailure(ErrorCode.INTERNAL, "The fetched file could not be stored.", e);
    }

    static SmidgenException stagedMissing() {
        // The upload service stored these bytes before creating the task, so their loss is ours, not
        // the client's, and waiting will not bring them back.
        return new SmidgenException(ErrorCode.INTERNAL, "The uploaded file is no longer in storage; upload it again.");
    }

    static SmidgenException stagedReadFailed(IOException e) {
        return SmidgenException.transientFailure(
                ErrorCode.UNAVAILABLE, "Reading the uploaded file from storage failed.", e);
    }

    static SmidgenException stagedEmpty() {
        return new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "The uploaded file is empty.");
    }
}
