package dev.smidgen.web.uploads;

import dev.smidgen.catalog.uploads.UploadPartEntity;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.web.http.ApiTimes;
import dev.smidgen.web.http.ApiVersion;
import dev.smidgen.web.http.Representable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An upload session as {@code POST/GET /uploads} and {@code GET <upload url>} show it; {@code url}
 * is null once it takes no more bytes. {@code chunks}, the received chunks a client resumes from,
 * are listed when given (the upload URL's status), left out when null (the API's lists).
 */
public record UploadView(UploadSessionEntity session, String url, List<UploadPartEntity> chunks)
        implements Representable {
    /** The upload URL of a session, {@code {upload base}/store/single|resumable?key=<token>}. */
    public static String storeUrl(String uploadBaseUrl, UploadSessionEntity session, String token) {
        return uploadBaseUrl + "/store/" + (session.resumable ? "resumable" : "single") + "?key=" + token;
    }

    @Override
    public Object render(ApiVersion version) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", session.id);
        out.put("object", "upload");
        out.put("url", url);
        out.put("resumable", session.resumable);
        out.put("status", status());
        out.put("conditions", session.conditions);
        out.put("folder", session.folder);
        out.put("filename", session.filename);
        out.put("alias", session.alias);
        out.put("title", session.title);
        out.put("metadata", session.metadata);
        out.put("protocol", session.protocol);
        out.put("received", session.received);
        out.put("total", session.declaredLength);
        if (chunks != null) {
            out.put(
                    "parts",
                    chunks.stream()
                            .map(c -> {
                                Map<String, Object> part = new LinkedHashMap<>();
                                part.put("index", c.number);
                                part.put("etag", c.etag);
                                part.put("size", c.size);
                                return part;
                            })
                            .toList());
        }
        out.put("media_id", session.status == UploadStatus.COMPLETED ? session.mediaId : null);
        out.put("task_id", session.taskId);
        Map<String, Object> error = null;
        if (session.errorCode != null) {
            error = new LinkedHashMap<>();
            error.put("code", session.errorCode);
            error.put("message", session.errorMessage);
        }
        out.put("error", error);
        out.put("expires", ApiTimes.format(session.expires));
        out.put("created", ApiTimes.format(session.created));
        out.put("updated", ApiTimes.format(session.updated));
        return out;
    }

    /** An open session past its expiry is expired, whether or not the janitor has swept it yet. */
    private String status() {
        return (takesBytes(session) || session.status != UploadStatus.OPEN ? session.status : UploadStatus.EXPIRED)
                .wire();
    }

    /** Whether the session still accepts bytes: open and not past its expiry. */
    public static boolean takesBytes(UploadSessionEntity session) {
        return session.status == UploadStatus.OPEN && session.expires.isAfter(Instant.now());
    }
}
