package dev.smidgen.api.webhooks;

import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.PinnedRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;

/**
 * One signed POST of a delivery's body to its URL. Redirects are never followed (a 3xx is a failed
 * attempt), the address is checked right before connecting and the connection goes to exactly the
 * checked address ({@link PinnedRequest}), with no proxy, so the request reaches the checked host and
 * nowhere else, whatever the name resolves to a moment later.
 */
final class WebhookPost {
    static final String USER_AGENT = "Smidgen-Webhooks/1";
    static final String EVENT_ID = "Smidgen-Event-Id";
    static final String DELIVERY_ID = "Smidgen-Delivery-Id";
    /** Response bytes read (and dropped) so the connection can be reused; a receiver's answer is not kept. */
    private static final int DRAIN_LIMIT = 64 * 1024;

    private final WebhookTargets targets;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    WebhookPost(WebhookTargets targets, Duration connectTimeout, Duration readTimeout) {
        this.targets = targets;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** How an attempt went: the receiver's status code, or why there was none. */
    record Outcome(Integer statusCode, String error) {
        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode <= 299;
        }
    }

    Outcome send(DispatchQueue.Claimed delivery) {
        List<InetAddress> vetted;
        try {
            vetted = targets.checkBeforeSending(delivery.url());
        } catch (SmidgenException e) {
            return new Outcome(null, e.code().code() + ": " + e.getMessage());
        }
        HttpPost request;
        try {
            request = new HttpPost(delivery.url());
        } catch (IllegalArgumentException e) {
            return new Outcome(null, "IllegalArgumentException: " + e.getMessage());
        }
        request.setHeader("User-Agent", USER_AGENT);
        request.setHeader(EVENT_ID, delivery.eventId());
        request.setHeader(DELIVERY_ID, delivery.id());
        request.setHeader(
                WebhookSignature.HEADER,
                WebhookSignature.header(delivery.secret(), Instant.now().getEpochSecond(), delivery.body()));
        request.setEntity(new ByteArrayEntity(
                delivery.body().getBytes(StandardCharsets.UTF_8), ContentType.create("application/json")));
        try (PinnedRequest sent = PinnedRequest.send(request, vetted, connectTimeout, readTimeout)) {
            int status = sent.response().getStatusLine().getStatusCode();
            drain(sent.response());
            return new Outcome(status, status >= 200 && status <= 299 ? null : "HTTP " + status);
        } catch (SocketTimeoutException | ConnectTimeoutException e) {
            return new Outcome(null, "timed out (" + e.getMessage() + ")");
        } catch (ConnectException e) {
            return new Outcome(null, "could not connect (" + e.getMessage() + ")");
        } catch (UnknownHostException e) {
            return new Outcome(null, "the host could not be resolved");
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(
                    null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static void drain(HttpResponse response) {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return;
        }
        // Not closed: closing a body reads all of it; PinnedRequest hangs up instead.
        try {
            entity.getContent().readNBytes(DRAIN_LIMIT);
        } catch (IOException ignored) {
            // The status is what counts; a body cut short changes nothing.
        }
    }
}
