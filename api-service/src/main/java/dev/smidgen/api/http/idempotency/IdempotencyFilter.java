package dev.smidgen.api.http.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smidgen.api.http.idempotency.IdempotencyStore.Claim;
import dev.smidgen.api.jobs.StepRequests;
import dev.smidgen.model.ApiGeneration;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.web.config.ApiConfig;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.RequestContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Makes the public API's POSTs idempotent under an {@code Idempotency-Key}: the first request
 * claims the key before its resource runs, its 2xx response is stored, and a retry of the same
 * request gets that response replayed instead of running again. Refused requests (4xx) and
 * failures (5xx) release the key, so the client can fix or simply retry the request with it.
 * Both filters run on the worker thread because every POST resource is blocking; that matters,
 * as they read the body and use the database (Hibernate refuses to on an IO thread).
 */
public class IdempotencyFilter {
    private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class);
    /** After ApiKeyFilter ({@code AUTHENTICATION}), which sets the project keys belong to. */
    private static final int PRIORITY = Priorities.AUTHENTICATION + 100;

    private static final String CLAIM = IdempotencyFilter.class.getName() + ".claim";
    /** An unfinished claim older than the sync-ingest wait plus this belongs to an instance that died. */
    private static final Duration ABANDON_MARGIN = Duration.ofMinutes(5);
    /** A key freed between our claim and our look-up is claimed again, a few times at most. */
    private static final int CLAIM_ATTEMPTS = 3;

    @Inject
    RequestContext ctx;

    @Inject
    IdempotencyStore store;

    @Inject
    ApiConfig config;

    @Inject
    ObjectMapper json;

    /** Claims the key, or answers at once with the stored response or a conflict. */
    @ServerRequestFilter(priority = PRIORITY)
    public Response claim(ContainerRequestContext request) throws IOException {
        // Only API-key POSTs: admin and delivery requests have no project, other methods are idempotent already.
        if (!HttpMethod.POST.equals(request.getMethod()) || ctx.projectOrNull() == null) {
            return null;
        }
        Optional<IdempotencyKey> key =
                IdempotencyKey.fromHeaders(request.getHeaders().get(IdempotencyKey.HEADER));
        if (key.isEmpty()) {
            return null;
        }
        byte[] body = request.getEntityStream().readAllBytes();
        // The resource reads the body after us: hand it the same bytes again.
        request.setEntityStream(new ByteArrayInputStream(body));
        RequestFingerprint fingerprint = RequestFingerprint.of(request.getMethod(), pathAndQuery(request), body);
        Claim claim = new Claim(ctx.projectId(), key.get(), ctx.requestId());
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            if (store.claim(claim, fingerprint, config.syncTimeout().plus(ABANDON_MARGIN))) {
                request.setProperty(CLAIM, claim);
                return null;
            }
            Optional<IdempotencyRecord> existing = store.find(claim.projectId(), claim.key());
            if (existing.isPresent()) {
                return existing.get().replayFor(fingerprint).toReplay(generationOf(body));
            }
        }
        throw new SmidgenException(
                ErrorCode.CONFLICT,
                "Another request with this Idempotency-Key is being processed; retry shortly.",
                IdempotencyKey.HEADER);
    }

    /**
     * The generation whose replay rules apply: the jobs generation's paths, and on the shared
     * {@code /tasks} a body of its shape (docs/api/jobs.md#tasks-steps-on-their-own).
     */
    private ApiGeneration generationOf(byte[] body) {
        if (ctx.generation() == ApiGeneration.JOBS) {
            return ApiGeneration.JOBS;
        }
        try {
            return StepRequests.isStepBody(JsonBody.parse(new String(body, StandardCharsets.UTF_8)))
                    ? ApiGeneration.JOBS
                    : ApiGeneration.FILES;
        } catch (SmidgenException notJson) {
            return ApiGeneration.FILES;
        }
    }

    /** Stores a claimed request's success, byte for byte, or releases its key. */
    @ServerResponseFilter(priority = PRIORITY)
    public void complete(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIM) instanceof Claim claim)) {
            return;
        }
        try {
            if (!StoredResponse.storable(response.getStatus())) {
                store.release(claim);
                return;
            }
            MediaType type = response.getMediaType();
            byte[] body = bytes(response.getEntity());
            // Send exactly the bytes that are stored, so every replay is identical to this response.
            response.setEntity(body, response.getEntityAnnotations(), type);
            store.complete(
                    claim, new StoredResponse(response.getStatus(), type == null ? null : type.toString(), body));
        } catch (JsonProcessingException | RuntimeException e) {
            // The work is done and its response is ready: failing to record it must not turn it
            // into an error. The unfinished claim is taken over once it counts as abandoned.
            LOG.warnf(e, "%s: could not record the outcome of Idempotency-Key request", ctx.requestId());
        }
    }

    private byte[] bytes(Object entity) throws JsonProcessingException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity instanceof byte[] raw) {
            return raw;
        }
        if (entity instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        // The same ObjectMapper bean the REST layer writes JSON with.
        return json.writeValueAsBytes(entity);
    }

    private String pathAndQuery(ContainerRequestContext request) {
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        return query == null ? ctx.path() : ctx.path() + "?" + query;
    }
}
