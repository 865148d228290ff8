package dev.smidgen.api.webhooks;

import dev.smidgen.catalog.webhooks.WebhookEndpointEntity;
import dev.smidgen.web.http.ApiTimes;
import dev.smidgen.web.http.ApiVersion;
import dev.smidgen.web.http.Representable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A webhook endpoint. Its signing {@code secret} is shown when the endpoint itself is asked for
 * (created or read by id), not in lists. Both API versions share this shape.
 */
public record WebhookView(WebhookEndpointEntity endpoint, boolean withSecret) implements Representable {
    @Override
    public Object render(ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", endpoint.id);
        m.put("object", "webhook");
        m.put("url", endpoint.url);
        m.put("events", List.of(endpoint.topics));
        m.put("description", endpoint.description);
        if (withSecret) {
            m.put("secret", endpoint.secret);
        }
        m.put("created", ApiTimes.format(endpoint.created));
        m.put("updated", ApiTimes.format(endpoint.updated));
        return m;
    }
}
