package dev.smidgen.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gets the local developer an API key through the admin API: reuses a key that still works, otherwise
 * finds or creates the project named {@code default} and issues a new key for it.
 */
public final class ApiBootstrap {

    static final String DEFAULT_PROJECT = "default";

    private final String apiBaseUrl;
    private final String adminToken;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ApiBootstrap(String apiBaseUrl, String adminToken) {
        this.apiBaseUrl = apiBaseUrl.replaceAll("/+$", "");
        this.adminToken = adminToken;
    }

    /** {@code existing} when it still authenticates ({@code GET /tasks} → 200), otherwise a new key. */
    public String ensureKey(Optional<String> existing) {
        if (existing.isPresent() && keyWorks(existing.get())) {
            Log.info("bootstrap", "reusing the API key from the previous run");
            return existing.get();
        }
        String projectId = defaultProjectId();
        Map<?, ?> key = asObject(
                MiniJson.path(
                        call("POST", "/admin/projects/" + projectId + "/keys", "{}", adminToken, 200, 201), "data"),
                "POST /admin/projects/" + projectId + "/keys");
        Object secret = key.get("key");
        if (!(secret instanceof String s) || s.isBlank()) {
            throw new IllegalStateException(
                    "POST /admin/projects/" + projectId + "/keys answered without a \"key\" field");
        }
        Log.info("bootstrap", "issued API key %s for project %s", key.get("id"), projectId);
        return s;
    }

    /** True when {@code key} is accepted by the API. */
    public boolean keyWorks(String key) {
        try {
            return send("GET", "/tasks", null, key).statusCode() == 200;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private String defaultProjectId() {
        Object projects = MiniJson.path(call("GET", "/admin/projects", null, adminToken, 200), "data");
        if (projects instanceof List<?> list) {
            for (Object project : list) {
                if (project instanceof Map<?, ?> map
                        && DEFAULT_PROJECT.equals(map.get("name"))
                        && map.get("id") instanceof String id) {
                    return id;
                }
            }
        }
        Map<?, ?> created = asObject(
                MiniJson.path(
                        call("POST", "/admin/projects", "{\"name\":\"" + DEFAULT_PROJECT + "\"}", adminToken, 200, 201),
                        "data"),
                "POST /admin/projects");
        if (!(created.get("id") instanceof String id)) {
            throw new IllegalStateException("POST /admin/projects answered without an \"id\" field");
        }
        Log.info("bootstrap", "created project %s (%s)", DEFAULT_PROJECT, id);
        return id;
    }

    private Object call(String method, String path, String body, String bearer, int... expected) {
        HttpResponse<String> response = send(method, path, body, bearer);
        for (int status : expected) {
            if (response.statusCode() == status) {
                try {
                    return MiniJson.parse(response.body());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(
                            method + " " + path + " answered unreadable JSON: " + e.getMessage(), e);
                }
            }
        }
        throw new IllegalStateException(
                method + " " + path + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
    }

    private HttpResponse<String> send(String method, String path, String body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBaseUrl + path))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    private static Map<?, ?> asObject(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalStateException(what + " answered without a \"data\" object");
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
