package dev.smidgen.api.connections;

import dev.smidgen.catalog.connections.ConnectionEntity;
import dev.smidgen.web.http.JobsResponses;
import java.util.LinkedHashMap;
import java.util.Map;

/** A connection as the API shows it (docs/api/connections.md): everything but the secret key. */
final class ConnectionView {
    private ConnectionView() {}

    static Map<String, Object> of(ConnectionEntity c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id);
        m.put("object", "storage_connection");
        m.put("kind", c.kind);
        m.put("name", c.name);
        m.put("endpoint", c.endpoint);
        m.put("region", c.region);
        m.put("bucket", c.bucket);
        m.put("access_key_id", c.accessKeyId);
        m.put("is_default", c.isDefault);
        m.put("created_at", JobsResponses.millis(c.created));
        m.put("updated_at", JobsResponses.millis(c.updated));
        return m;
    }
}
