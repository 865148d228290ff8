package dev.smidgen.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API as a careful client uses it through an outage: a refused connection, a cut-off answer or
 * a 5xx is retried after a pause until a deadline, and every POST carries an {@code Idempotency-Key}
 * so that a retry of a request whose answer was lost cannot create a second task. A 4xx is the
 * client's own fault and is thrown at once. Thread-safe.
 */
final class RetryingApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PAUSE = Duration.ofMillis(500);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    private final String apiKey;
    private final Duration patience;
    /** Requests that had to be repeated (connection trouble or 5xx), over all callers. */
    final AtomicLong retries = new AtomicLong();

    /** A failure that is not the outage's: a 4xx, or an outage longer than the patience. */
    static final class ApiFailure extends RuntimeException {
        final int status;

        ApiFailure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    RetryingApi(String baseUrl, String apiKey, Duration patience) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.patience = patience;
    }

    /** POSTs a JSON body under an idempotency key; returns the answer's {@code data}. */
    JsonNode post(String path, Map<String, ?> body, String idempotencyKey) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return send(() -> request(path)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** GETs a resource; returns the answer's {@code data}. */
    JsonNode get(String path) {
        return send(() -> request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + apiKey);
    }

    private JsonNode send(java.util.function.Supplier<HttpRequest> request) {
        long deadline = System.nanoTime() + patience.toNanos();
        String last = "";
        while (true) {
            try {
                HttpResponse<String> answer = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
                int status = answer.statusCode();
                if (status < 300) {
                    return JSON.readTree(answer.body()).path("data");
                }
                if (status < 500 && status != 429 && status != 409) {
                    throw new ApiFailure(status, status + " " + answer.body());
                }
                // 409: the same idempotency key is still being answered by the first attempt.
                last = status + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new ApiFailure(0, "still failing after " + patience.toSeconds() + " s: " + last);
            }
            retries.incrementAndGet();
            Tasks.sleep(PAUSE.toMillis());
        }
    }
}
