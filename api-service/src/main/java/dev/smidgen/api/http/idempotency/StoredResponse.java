package dev.smidgen.api.http.idempotency;

import dev.smidgen.model.ApiGeneration;
import jakarta.ws.rs.core.Response;

/** The first response to an idempotency key, byte for byte, as it is replayed. */
public record StoredResponse(int status, String contentType, byte[] body) {
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** Only successes are kept: a client may fix a refused request and retry it with the same key. */
    public static boolean storable(int status) {
        return status >= 200 && status < 300;
    }

    /**
     * The replay: same Content-Type and body, marked as a replay; same status, except that the jobs
     * generation answers every replay with 200 as it publishes (docs/api/jobs.md#idempotency).
     */
    public Response toReplay(ApiGeneration generation) {
        return Response.status(generation == ApiGeneration.JOBS ? 200 : status)
                .type(contentType)
                .entity(body)
                .header(REPLAYED_HEADER, "true")
                .build();
    }
}
