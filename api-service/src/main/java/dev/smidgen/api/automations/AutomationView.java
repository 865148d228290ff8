package dev.smidgen.api.automations;

import dev.smidgen.catalog.automations.AutomationEntity;
import dev.smidgen.web.http.ApiTimes;
import dev.smidgen.web.http.ApiVersion;
import dev.smidgen.web.http.Representable;
import java.util.LinkedHashMap;
import java.util.Map;

/** An automation as stored (trigger and templates in their canonical form); both API versions share it. */
public record AutomationView(AutomationEntity automation) implements Representable {
    @Override
    public Object render(ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", automation.id);
        m.put("object", "automation");
        m.put("name", automation.name);
        m.put("trigger", automation.trigger);
        m.put("tasks", automation.tasks);
        m.put("enabled", automation.enabled);
        m.put("created", ApiTimes.format(automation.created));
        m.put("updated", ApiTimes.format(automation.updated));
        return m;
    }
}
