package dev.smidgen.api.webhooks;

import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * One signed POST of a delivery's body to its URL. Redirects are never followed (a 3xx is a failed
 * attempt), the address is checked right before connecting, and no proxy is used, so the request
 * goes to the checked host and nowhere else (see {@code SourceFetcher} for the DNS rebinding window
 * this leaves on Java 17).
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
        try {
            targets.checkBeforeSending(delivery.url());
        } catch (SmidgenException e) {
            return new Outcome(null, e.code().code() + ": " + e.getMessage());
        }
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        HttpURLConnection conn = null;
        try {
            conn = (HttpURLConnection) delivery.url().toURL().openConnection(Proxy.NO_PROXY);
            conn.setInstanceFollowRedirects(false);
            conn.setConnectTimeout(millis(connectTimeout));
            conn.setReadTimeout(millis(readTimeout));
            conn.setUseCaches(false);
            conn.setDoOutput(true);
            conn.setRequestMethod("POST");
            conn.setFixedLengthStreamingMode(body.length);
            conn.setRequestProperty("Content-Type", "application/json");
            conn.setRequestProperty("User-Agent", USER_AGENT);
            conn.setRequestProperty(EVENT_ID, delivery.eventId());
            conn.setRequestProperty(DELIVERY_ID, delivery.id());
            conn.setRequestProperty(
                    WebhookSignature.HEADER,
                    WebhookSignature.header(delivery.secret(), Instant.now().getEpochSecond(), delivery.body()));
            try (OutputStream out = conn.getOutputStream()) {
                out.write(body);
            }
            int status = conn.getResponseCode();
            drain(conn, status);
            return new Outcome(status, status >= 200 && status <= 299 ? null : "HTTP " + status);
        } catch (SocketTimeoutException e) {
            return new Outcome(null, "timed out (" + e.getMessage() + ")");
        } catch (ConnectException e) {
            return new Outcome(null, "could not connect (" + e.getMessage() + ")");
        } catch (UnknownHostException e) {
            return new Outcome(null, "the host could not be resolved");
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(
                    null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            if (conn != null) {
                conn.disconnect();
            }
        }
    }

    private static void drain(HttpURLConnection conn, int status) {
        try (InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream()) {
            if (in != null) {
                in.readNBytes(DRAIN_LIMIT);
            }
        } catch (IOException ignored) {
            // The status is what counts; a body cut short changes nothing.
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
