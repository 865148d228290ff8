package dev.smidgen.api.webhooks;

import dev.smidgen.web.http.ApiVersion;
import dev.smidgen.web.http.Representable;
import java.util.LinkedHashMap;
import java.util.Map;

/** The project's webhook secret: it signs deliveries to tasks' own {@code webhook_url}s. */
public record WebhookSecretView(String secret) implements Representable {
    @Override
    public Object render(ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "webhook_secret");
        m.put("secret", secret);
        return m;
    }
}
