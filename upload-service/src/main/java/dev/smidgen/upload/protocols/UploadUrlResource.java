package dev.smidgen.upload.protocols;

import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.catalog.uploads.UploadPartEntity;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.upload.completion.UploadCompletion;
import dev.smidgen.upload.http.RequestBodyStream;
import dev.smidgen.upload.sessions.SessionAccess;
import dev.smidgen.upload.sessions.SessionCancellation;
import dev.smidgen.upload.sessions.SessionLock;
import dev.smidgen.upload.sessions.SessionWrites;
import dev.smidgen.upload.storage.ChunkStore;
import dev.smidgen.upload.storage.ChunkStore.ClientPart;
import dev.smidgen.upload.storage.OffsetStorage;
import dev.smidgen.upload.storage.OffsetUpload;
import dev.smidgen.upload.storage.OffsetWriter;
import dev.smidgen.upload.storage.SessionStorage;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.InputText;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.uploads.UploadView;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upload URL of a session, {@code /store/single?key=...} or {@code /store/resumable?key=...}
 * (docs/api/uploads.md): a simple form POST (or a PUT of the bare file), chunked PUTs with
 * {@code X-Upload-Index} completed by a POST of the parts, or {@code Content-Range} PUTs. The key
 * is the only credential.
 */
@Path("/store/{mode: single|resumable}")
public class UploadUrlResource {
    /** Bytes a form adds around its file: a Content-Length minus this is a safe lower bound of the file's size. */
    private static final long FORM_OVERHEAD = 64 * 1024;

    private static final String SINGLE = "single";

    @Inject
    SessionAccess access;

    @Inject
    SessionLock locks;

    @Inject
    SessionWrites writes;

    @Inject
    OffsetWriter writer;

    @Inject
    OffsetUpload offsets;

    @Inject
    SessionCancellation cancellation;

    @Inject
    ChunkStore chunks;

    @Inject
    SessionStorage storage;

    @Inject
    UploadCompletion completion;

    @Inject
    ApiResponses responses;

    @Inject
    UploadConfig uploads;

    /** Simple upload: the whole file in the form field {@code file}. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response simple(
            @PathParam("mode") String mode,
            @QueryParam("key") String key,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
            @Context HttpServerRequest request)
            throws IOException {
        UploadSessionEntity session = access.open(key);
        requireMode(session, mode, SINGLE);
        String filename;
        OffsetWriter.Written written;
        try (SessionLock.Held lock = locks.acquire(session.id)) {
            if (length != null && length > FORM_OVERHEAD) {
                writer.refuseDeclaredSize(session, length - FORM_OVERHEAD);
            }
            if (session.protocol != null) {
                storage.reset(session); // an earlier attempt that broke off: a simple upload always starts over
            }
            MultipartFormStream form = MultipartFormStream.of(RequestBodyStream.of(request), type);
            MultipartFormStream.Part part;
            while ((part = form.next()) != null && !"file".equals(part.name())) {
                // other fields are ignored; the session already says what the media is called
            }
            if (part == null) {
                throw SmidgenException.invalid("file", "The form has no field named 'file'.");
            }
            filename = InputText.require("filename", part.filename());
            UploadSessionEntity begun = writer.begin(session, lock, "simple", null, part.contentType());
            InputStream file = part.body();
            written = offsets.append(
                    begun,
                    lock,
                    file,
                    new OffsetStorage.Body(form.lengthIfLast(length), false, true, part.contentType()),
                    null);
            if (written.cut()) {
                throw SmidgenException.invalid("file", "The upload was cut off before the form ended.");
            }
            form.next(); // read to the closing boundary
            offsets.finish(begun, written.offset());
        }
        return completion.ingest(access.find(key), filename, written.sha256());
    }

    /**
     * Chunked upload: stores chunk {@code X-Upload-Index}. Or, with {@code Content-Range}, bytes at
     * an offset. On a simple session's URL, with neither header: the body is the whole file.
     */
    @PUT
    public Response put(
            @PathParam("mode") String mode,
            @QueryParam("key") String key,
            @HeaderParam("X-Upload-Index") String index,
            @HeaderParam("Content-Range") String range,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
            @Context HttpServerRequest request) {
        UploadSessionEntity session = access.open(key);
        if (SINGLE.equals(mode) && index == null && range == null) {
            requireMode(session, mode, SINGLE);
            return simpleBody(session, key, type, length, request);
        }
        requireMode(session, mode, "resumable");
        if (index != null) {
            if ("range".equals(session.protocol)) {
                throw new SmidgenException(
                        ErrorCode.CONFLICT, "This upload is being sent with Content-Range; continue with it.");
            }
            ChunkStore.Chunk chunk = chunks.store(session, parseIndex(index), RequestBodyStream.of(request));
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("index", chunk.index());
            part.put("etag", chunk.etag());
            return responses.object(200, v -> part, "/uploads/" + session.id, "/uploads");
        }
        if (range == null) {
            throw SmidgenException.invalid(
                    "X-Upload-Index",
                    "A PUT to an upload URL needs X-Upload-Index (a chunk) or Content-Range (bytes at an offset).");
        }
        return putRange(session, key, ContentRange.parse(range), type, request);
    }

    /**
     * Simple upload without a form ({@code curl -T file "$url"}): the request body is the file, as a
     * presigned S3 PUT takes it, so nothing has to be parsed on the way to the store.
     */
    private Response simpleBody(
            UploadSessionEntity session, String key, String type, Long length, HttpServerRequest request) {
        OffsetWriter.Written written;
        try (SessionLock.Held lock = locks.acquire(session.id)) {
            if (length != null) {
                writer.refuseDeclaredSize(session, length);
            }
            if (session.protocol != null) {
                storage.reset(session); // an earlier attempt that broke off: a simple upload always starts over
            }
            UploadSessionEntity begun = writer.begin(session, lock, "simple", null, type);
            written = offsets.append(
                    begun, lock, RequestBodyStream.of(request), new OffsetStorage.Body(length, true, true, type), null);
            if (written.cut()) {
                throw SmidgenException.invalid("body", "The upload was cut off before the file ended.");
            }
            offsets.finish(begun, written.offset());
        }
        return completion.ingest(access.find(key), null, written.sha256());
    }

    private Response putRange(
            UploadSessionEntity session, String key, ContentRange range, String type, HttpServerRequest request) {
        if (!chunks.received(session.id).isEmpty()) {
            throw new SmidgenException(
                    ErrorCode.CONFLICT, "This upload is being sent in chunks (X-Upload-Index); continue with them.");
        }
        OffsetWriter.Written written;
        try (SessionLock.Held lock = locks.acquire(session.id)) {
            UploadSessionEntity current = writer.begin(lock.session(), lock, "range", range.total(), type);
            if (range.isQuery() || range.last() < current.received) {
                return progress(current, key); // a status query, or bytes that are all stored already
            }
            if (range.first() > current.received) {
                return ResumeAt.response(responses, current.received);
            }
            long expected = range.last() + 1 - current.received;
            InputStream fresh =
                    ResumeAt.slice(RequestBodyStream.of(request), current.received - range.first(), expected);
            written = offsets.append(current, lock, fresh, new OffsetStorage.Body(expected, true, false, type), null);
            if (!written.complete()) {
                return progress(access.find(key), key);
            }
            offsets.finish(current, written.offset());
        }
        return completion.ingest(access.find(key), null, written.sha256());
    }

    /** Completes a chunked upload with the client's list of {@code {index, etag}}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response complete(@PathParam("mode") String mode, @QueryParam("key") String key, String json) {
        UploadSessionEntity session = access.open(key);
        requireMode(session, mode, "resumable");
        List<ClientPart> parts = parseParts(JsonBody.parse(json));
        try (SessionLock.Held lock = locks.acquire(session.id)) {
            if (!writes.startCompleting(session.id)) {
                SessionAccess.requireOpen(access.find(key));
            }
            try {
                List<UploadPartEntity> stored = chunks.verify(session.id, parts);
                session.received = chunks.assemble(session, stored);
            } catch (RuntimeException e) {
                writes.reopen(session.id);
                throw e;
            }
            writes.assembled(session.id, session.received);
        }
        return completion.ingest(access.find(key), null, null);
    }

    /** What has been received, so a client can resume (chunks listed with their etags). */
    @GET
    public Response status(@QueryParam("key") String key) {
        return progress(access.find(key), key);
    }

    /** Cancels an unfinished upload and removes its bytes. */
    @DELETE
    public Response cancel(@QueryParam("key") String key) {
        cancellation.cancel(key);
        return responses.deleted("The upload was cancelled.", "/uploads");
    }

    private Response progress(UploadSessionEntity session, String key) {
        String url = UploadView.takesBytes(session) ? UploadView.storeUrl(uploads.baseUrl(), session, key) : null;
        Response response = responses.object(
                session.status == UploadStatus.COMPLETED ? 200 : 202,
                new UploadView(session, url, chunks.received(session.id)),
                "/uploads/" + session.id,
                "/uploads");
        return session.received > 0
                ? Response.fromResponse(response)
                        .header("Range", "bytes=0-" + (session.received - 1))
                        .build()
                : response;
    }

    private static void requireMode(UploadSessionEntity session, String mode, String expected) {
        boolean single = SINGLE.equals(mode);
        if (single == session.resumable) {
            throw SmidgenException.invalid(
                    "key",
                    "This key belongs to a " + (session.resumable ? "resumable" : "simple")
                            + " session; use its own URL.");
        }
        if (!mode.equals(expected)) {
            throw new SmidgenException(
                    ErrorCode.METHOD_NOT_ALLOWED,
                    SINGLE.equals(mode)
                            ? "A simple upload URL takes one multipart/form-data POST or a PUT of the file; create a resumable session for chunks."
                            : "A resumable upload URL takes chunks (PUT), their completion (POST JSON) or Content-Range PUTs.");
        }
    }

    private static int parseIndex(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw SmidgenException.invalid("X-Upload-Index", "X-Upload-Index must be a whole number, starting at 0.");
        }
    }

    private static List<ClientPart> parseParts(JsonBody body) {
        if (!(body.value("parts") instanceof List<?> raw)) {
            throw SmidgenException.invalid(
                    "parts", "Send {\"parts\": [{\"index\": 0, \"etag\": \"...\"}, ...]} to complete the upload.");
        }
        List<ClientPart> parts = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof Map<?, ?> part)
                    || !(part.get("index") instanceof Integer index)
                    || index < 0
                    || !(part.get("etag") instanceof String etag)) {
                throw SmidgenException.invalid(
                        "parts[" + i + "]", "Each part is {\"index\": <whole number>, \"etag\": \"<etag>\"}.");
            }
            parts.add(new ClientPart(index, etag));
        }
        return parts;
    }
}
