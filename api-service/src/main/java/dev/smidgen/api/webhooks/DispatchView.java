package dev.smidgen.api.webhooks;

import dev.smidgen.catalog.webhooks.WebhookAttemptEntity;
import dev.smidgen.catalog.webhooks.WebhookDispatchEntity;
import dev.smidgen.web.http.ApiTimes;
import dev.smidgen.web.http.ApiVersion;
import dev.smidgen.web.http.Representable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event on its way to one URL, with every attempt so far (oldest first): when it started, how
 * long it took, the receiver's status code or why there was none. {@code webhook_id} is null for a
 * task's own {@code webhook_url}. Both API versions share this shape.
 */
public record DispatchView(WebhookDispatchEntity delivery, List<WebhookAttemptEntity> attempts)
        implements Representable {
    @Override
    public Object render(ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", delivery.id);
        m.put("object", "delivery");
        m.put("event_id", delivery.eventId);
        m.put("event", delivery.topic);
        m.put("webhook_id", delivery.endpointId);
        m.put("url", delivery.url);
        m.put("status", delivery.status);
        List<Object> tries = new ArrayList<>(attempts.size());
        for (WebhookAttemptEntity a : attempts) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("attempt", a.key.attempt());
            t.put("started", ApiTimes.format(a.started));
            t.put("duration_ms", a.durationMs);
            t.put("status_code", a.statusCode);
            t.put("error", a.error);
            tries.add(t);
        }
        m.put("attempts", tries);
        m.put(
                "next_attempt",
                WebhookDispatchEntity.PENDING.equals(delivery.status) ? ApiTimes.format(delivery.nextAttempt) : null);
        m.put("created", ApiTimes.format(delivery.created));
        m.put("updated", ApiTimes.format(delivery.updated));
        m.put("delivered", ApiTimes.format(delivery.delivered));
        return m;
    }
}
