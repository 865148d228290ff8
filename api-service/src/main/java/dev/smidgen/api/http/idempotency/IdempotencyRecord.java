package dev.smidgen.api.http.idempotency;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;

/**
 * What a project's key already stands for: the first request and, once it finished, its
 * response ({@code null} while that request is still in flight).
 */
public record IdempotencyRecord(RequestFingerprint request, StoredResponse response) {

    /**
     * The response to replay for {@code retry}; a conflict when the retry is a different request
     * or the first one has not finished yet (answering at once beats making the client wait).
     */
    public StoredResponse replayFor(RequestFingerprint retry) {
        if (!request.method().equals(retry.method()) || !request.path().equals(retry.path())) {
            throw conflict("This Idempotency-Key was already used for " + request.method() + " " + request.path()
                    + "; use a new key for a different request.");
        }
        if (!request.bodyHash().equals(retry.bodyHash())) {
            throw conflict("This Idempotency-Key was already used with a different request body; "
                    + "use a new key for a different request.");
        }
        if (response == null) {
            throw conflict("A request with this Idempotency-Key is still being processed; retry once it has finished.");
        }
        return response;
    }

    private static SmidgenException conflict(String message) {
        return new SmidgenException(ErrorCode.CONFLICT, message, IdempotencyKey.HEADER);
    }
}
