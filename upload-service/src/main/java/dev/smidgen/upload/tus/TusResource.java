package dev.smidgen.upload.tus;

import static dev.smidgen.upload.tus.TusHeaders.MEDIA_ID;
import static dev.smidgen.upload.tus.TusHeaders.TASK_ID;
import static dev.smidgen.upload.tus.TusHeaders.UPLOAD_CHECKSUM;
import static dev.smidgen.upload.tus.TusHeaders.UPLOAD_DEFER_LENGTH;
import static dev.smidgen.upload.tus.TusHeaders.UPLOAD_EXPIRES;
import static dev.smidgen.upload.tus.TusHeaders.UPLOAD_LENGTH;
import static dev.smidgen.upload.tus.TusHeaders.UPLOAD_METADATA;
import static dev.smidgen.upload.tus.TusHeaders.UPLOAD_OFFSET;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskOutcome;
import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.upload.completion.InterruptedCompletions;
import dev.smidgen.upload.completion.UploadCompletion;
import dev.smidgen.upload.http.RequestBodyStream;
import dev.smidgen.upload.sessions.SessionAccess;
import dev.smidgen.upload.sessions.SessionCancellation;
import dev.smidgen.upload.sessions.SessionLock;
import dev.smidgen.upload.sessions.SessionWrites;
import dev.smidgen.upload.storage.ChunkStore;
import dev.smidgen.upload.storage.OffsetStorage;
import dev.smidgen.upload.storage.OffsetUpload;
import dev.smidgen.upload.storage.OffsetWriter;
import dev.smidgen.web.http.ApiResponses;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * tus 1.0.0 (core, creation, creation-with-upload, termination, expiration, checksum) over the
 * upload sessions that {@code POST /uploads {resumable: true}} creates: the client's endpoint is
 * {@code /tus?key=<token>}, and its upload is {@code /tus/{session id}?key=<token>}. One session
 * holds one tus upload; the key stays the only credential.
 */
@Path("/tus")
@TusProtocol
public class TusResource {
    @Inject
    SessionAccess access;

    @Inject
    SessionLock locks;

    @Inject
    SessionWrites writes;

    @Inject
    SessionCancellation cancellation;

    @Inject
    OffsetWriter writer;

    @Inject
    OffsetUpload offsets;

    @Inject
    ChunkStore chunks;

    @Inject
    UploadCompletion completion;

    @Inject
    InterruptedCompletions interrupted;

    @Inject
    ApiResponses responses;

    @Inject
    UploadConfig config;

    /** Discovery: the version, extensions, size limit and checksum algorithms this server offers. */
    @OPTIONS
    public Response options() {
        return Response.noContent()
                .header(TusHeaders.TUS_VERSION, TusHeaders.VERSION)
                .header(TusHeaders.TUS_EXTENSION, TusHeaders.EXTENSIONS)
                .header(TusHeaders.TUS_MAX_SIZE, config.maxFileBytes())
                .header(TusHeaders.TUS_CHECKSUM_ALGORITHM, UploadChecksum.SUPPORTED)
                .build();
    }

    @OPTIONS
    @Path("{id}")
    public Response optionsOfUpload() {
        return options();
    }

    /**
     * Creation (with upload when the body is {@code application/offset+octet-stream}). Repeating it
     * for the same length answers with the same upload: a client whose creation was cut off, and
     * never saw its Location, creates again, sending the file from its first byte; the bytes the
     * session already stored are skipped.
     */
    @POST
    public Response create(
            @QueryParam("key") String key,
            @HeaderParam(UPLOAD_LENGTH) String length,
            @HeaderParam(UPLOAD_DEFER_LENGTH) String deferLength,
            @HeaderParam(UPLOAD_METADATA) String metadataHeader,
            @HeaderParam(UPLOAD_CHECKSUM) String checksumHeader,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            @Context HttpServerRequest request) {
        if (deferLength != null) {
            throw SmidgenException.invalid(
                    UPLOAD_DEFER_LENGTH, "Deferred lengths are not supported; send Upload-Length.");
        }
        long size = TusHeaders.parseCount(length, UPLOAD_LENGTH);
        UploadMetadata metadata = UploadMetadata.parse(metadataHeader);
        boolean withUpload = TusHeaders.isOffsetStream(type);
        if (!withUpload && contentLength != null && contentLength > 0) {
            throw new SmidgenException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "A creation that carries bytes sends them as application/offset+octet-stream.",
                    HttpHeaders.CONTENT_TYPE);
        }
        UploadChecksum checksum = withUpload ? UploadChecksum.parse(checksumHeader) : null;
        UploadSessionEntity session = access.open(key);
        if (!session.resumable) {
            throw SmidgenException.invalid(
                    "key",
                    "This key belongs to a simple session; tus needs a resumable one (POST /uploads {\"resumable\": true}).");
        }
        if (size == 0) {
            throw new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "The file is empty.", UPLOAD_LENGTH);
        }
        if (!chunks.received(session.id).isEmpty()) {
            throw new SmidgenException(
                    ErrorCode.CONFLICT, "This upload is being sent in chunks (X-Upload-Index); continue with them.");
        }
        UploadSessionEntity current;
        OffsetWriter.Written written = null;
        try (SessionLock.Held lock = locks.acquire(session.id)) {
            current = access.find(key);
            if (current.protocol != null
                    && (!TusUploadState.PROTOCOL.equals(current.protocol) || current.declaredLength != size)) {
                throw new SmidgenException(
                        ErrorCode.CONFLICT,
                        TusUploadState.PROTOCOL.equals(current.protocol)
                                ? "This session already holds a tus upload of " + current.declaredLength
                                        + " bytes; create a new session for another file."
                                : "This upload is already being sent with the " + current.protocol
                                        + " protocol; continue with it.");
            }
            current = writer.begin(current, lock, TusUploadState.PROTOCOL, size, metadata.filetype());
            String filename = metadata.filename();
            if (filename != null && !filename.equals(current.originalFilename)) {
                writes.originalFilename(current.id, lock.owner(), filename);
                current.originalFilename = filename;
            }
            if (withUpload) {
                InputStream body = RequestBodyStream.of(request);
                ChecksumVerifier verifier = ChecksumVerifier.of(checksum, body);
                InputStream bytes = verifier == null ? body : verifier.body();
                if (skipStored(bytes, current.received)) {
                    Long expected = contentLength == null || contentLength < current.received
                            ? null
                            : contentLength - current.received;
                    written = offsets.append(
                            current,
                            lock,
                            bytes,
                            new OffsetStorage.Body(expected, true, false, metadata.filetype()),
                            verifier);
                    if (written.complete()) {
                        offsets.finish(current, written.offset());
                    }
                }
            }
        }
        Response.ResponseBuilder created = Response.status(201)
                .header(HttpHeaders.LOCATION, location(current.id, key))
                .header(UPLOAD_EXPIRES, HttpDate.format(current.expires));
        if (withUpload) {
            created.header(UPLOAD_OFFSET, current.received);
        }
        return written != null && written.complete()
                ? completed(created, key, current.originalFilename, written.sha256())
                : created.build();
    }

    /** Where the upload is: its offset and length (both the length once every byte is in). */
    @HEAD
    @Path("{id}")
    public Response head(@PathParam("id") String id, @QueryParam("key") String key) {
        UploadSessionEntity session = access.find(key);
        TusUploadState.requireTusUpload(session, id);
        Response.ResponseBuilder head = Response.ok()
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(UPLOAD_LENGTH, session.declaredLength);
        if (interrupted.isStuck(session)) {
            try {
                interrupted.retryHandOver(session); // the client sees its media id once the ingest is done
            } catch (SmidgenException e) {
                // Handed over meanwhile by the janitor: the same outcome.
            }
        }
        Optional<UploadSessionEntity> resumed = interrupted.resume(session);
        if (resumed.isPresent()) {
            // The last PATCH stored every byte and its replica died before completing: a tus client
            // that sees Upload-Offset = Upload-Length calls the upload done, so it is completed now.
            UploadSessionEntity current = resumed.get();
            return completed(head.header(UPLOAD_OFFSET, current.declaredLength), key, current.originalFilename, null);
        }
        if (TusUploadState.hasAllBytes(session)) {
            head.header(UPLOAD_OFFSET, session.declaredLength);
            if (session.status == UploadStatus.COMPLETED) {
                head.header(MEDIA_ID, session.mediaId);
            }
            return head.build();
        }
        SessionAccess.requireOpen(session); // a failed upload says why (409)
        return head.header(UPLOAD_OFFSET, session.received)
                .header(UPLOAD_EXPIRES, HttpDate.format(session.expires))
                .build();
    }

    /**
     * Bytes at the upload's offset. The last ones complete it: the file is ingested before the
     * answer, so a file that breaks a condition or is not media gets its error (422 + JSON) here,
     * and a good one 204 with {@code Smidgen-Media-Id}.
     */
    @PATCH
    @Path("{id}")
    public Response patch(
            @PathParam("id") String id,
            @QueryParam("key") String key,
            @HeaderParam(UPLOAD_OFFSET) String offsetHeader,
            @HeaderParam(UPLOAD_CHECKSUM) String checksumHeader,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            @Context HttpServerRequest request) {
        if (!TusHeaders.isOffsetStream(type)) {
            throw new SmidgenException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "A tus PATCH sends its bytes as " + TusHeaders.OFFSET_OCTET_STREAM + ".",
                    HttpHeaders.CONTENT_TYPE);
        }
        long offset = TusHeaders.parseCount(offsetHeader, UPLOAD_OFFSET);
        UploadChecksum checksum = UploadChecksum.parse(checksumHeader);
        // A PATCH of a series whose token this replica checked a moment ago goes straight to the lock,
        // whose row decides what the request may do; the first one reads and checks everything.
        boolean checked = false;
        String sessionId = access.recentlyVerified(key, TusUploadState.PROTOCOL)
                .filter(id::equals)
                .orElse(null);
        if (sessionId == null) {
            UploadSessionEntity session = access.find(key);
            TusUploadState.requireWritable(session, id);
            sessionId = session.id;
            checked = true;
        }
        UploadSessionEntity current;
        OffsetWriter.Written written;
        try (SessionLock.Held lock = lockForWrite(sessionId, key, id, checked)) {
            current = lock.session();
            TusUploadState.requireWritable(current, id);
            if (offset != current.received) {
                return offsetConflict(current.received);
            }
            InputStream body = RequestBodyStream.of(request);
            ChecksumVerifier verifier = ChecksumVerifier.of(checksum, body);
            written = offsets.append(
                    current,
                    lock,
                    verifier == null ? body : verifier.body(),
                    new OffsetStorage.Body(contentLength, true, false, null),
                    verifier);
            if (written.complete()) {
                offsets.finish(current, written.offset());
            }
        }
        Response.ResponseBuilder answer = Response.noContent().header(UPLOAD_OFFSET, written.offset());
        if (!written.complete()) {
            return answer.header(UPLOAD_EXPIRES, HttpDate.format(current.expires))
                    .build();
        }
        return completed(answer, key, current.originalFilename, written.sha256());
    }

    /**
     * The session's lock for a PATCH. When the session's row was not read before (a remembered token),
     * a refusal is looked at again so that a session which no longer takes bytes says why (404, 409,
     * 410) instead of the lock's "another request is writing".
     */
    private SessionLock.Held lockForWrite(String sessionId, String key, String id, boolean checked) {
        try {
            return locks.acquire(sessionId);
        } catch (SmidgenException e) {
            if (!checked && e.code() == ErrorCode.CONFLICT) {
                TusUploadState.requireWritable(access.find(key), id);
            }
            throw e;
        }
    }

    /** Termination: the unfinished upload and its bytes are removed (404 from then on). */
    @DELETE
    @Path("{id}")
    public Response terminate(@PathParam("id") String id, @QueryParam("key") String key) {
        TusUploadState.requireWritable(access.find(key), id);
        cancellation.cancel(key);
        return Response.noContent().build();
    }

    /** {@code X-HTTP-Method-Override} for clients behind proxies that only pass GET and POST. */
    @POST
    @Path("{id}")
    public Response overridden(
            @PathParam("id") String id,
            @QueryParam("key") String key,
            @HeaderParam(TusHeaders.METHOD_OVERRIDE) String method,
            @HeaderParam(UPLOAD_OFFSET) String offsetHeader,
            @HeaderParam(UPLOAD_CHECKSUM) String checksumHeader,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            @Context HttpServerRequest request) {
        if ("PATCH".equalsIgnoreCase(method)) {
            return patch(id, key, offsetHeader, checksumHeader, type, contentLength, request);
        }
        if ("DELETE".equalsIgnoreCase(method)) {
            return terminate(id, key);
        }
        throw new SmidgenException(
                ErrorCode.METHOD_NOT_ALLOWED,
                "A tus upload takes HEAD, PATCH and DELETE (or POST with X-HTTP-Method-Override).");
    }

    /** Ingests the assembled file and turns what became of it into tus's success answer with the ids (or the error). */
    private Response completed(Response.ResponseBuilder answer, String key, String originalFilename, String sha256) {
        TaskOutcome outcome = completion.complete(access.find(key), originalFilename, sha256);
        TaskEntity task = outcome.task();
        if (outcome instanceof TaskOutcome.Failed failed) {
            throw UploadCompletion.error(failed);
        }
        return (outcome instanceof TaskOutcome.Completed
                        ? answer.header(MEDIA_ID, task.mediaId)
                        : answer.header(TASK_ID, task.id))
                .build();
    }

    /** 409 for bytes at the wrong offset, with the offset to send from. */
    private Response offsetConflict(long received) {
        Response error = responses.error(new SmidgenException(
                ErrorCode.CONFLICT,
                "The upload has " + received + " bytes; send the bytes from offset " + received + ".",
                UPLOAD_OFFSET));
        return Response.fromResponse(error).header(UPLOAD_OFFSET, received).build();
    }

    private String location(String sessionId, String key) {
        String base = config.baseUrl().endsWith("/")
                ? config.baseUrl().substring(0, config.baseUrl().length() - 1)
                : config.baseUrl();
        return base + "/tus/" + sessionId + "?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /**
     * Reads past the first {@code stored} bytes of a repeated creation's body (read, not skipped,
     * so a checksum covers them); false when the body ends, or the client goes, before them.
     */
    private static boolean skipStored(InputStream body, long stored) {
        byte[] buffer = new byte[64 * 1024];
        long left = stored;
        try {
            while (left > 0) {
                int n = body.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return false;
                }
                left -= n;
            }
            return true;
        } catch (IOException clientGone) {
            return false;
        }
    }
}
