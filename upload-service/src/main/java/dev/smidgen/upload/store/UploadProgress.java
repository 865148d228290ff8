package dev.smidgen.upload.store;

import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.contract.http.ApiTimes;
import dev.smidgen.contract.http.ApiVersion;
import dev.smidgen.contract.http.Representable;
import dev.smidgen.upload.storage.ChunkStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How far an upload got: what {@code GET <url>} answers so a client can resume after a crash. */
record UploadProgress(UploadSessionEntity session, List<ChunkStore.Chunk> chunks) implements Representable {
    @Override
    public Object render(ApiVersion version) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", session.id);
        out.put("object", "upload");
        out.put("status", session.status);
        out.put("resumable", session.resumable);
        out.put("protocol", session.protocol);
        out.put("received", session.received);
        out.put("total", session.declaredLength);
        out.put("parts", chunks.stream().map(c -> {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("index", c.index());
            part.put("etag", c.etag());
            part.put("size", c.size());
            return part;
        }).toList());
        out.put("media_id", "completed".equals(session.status) ? session.mediaId : null);
        out.put("expires", ApiTimes.format(session.expires));
        return out;
    }
}
