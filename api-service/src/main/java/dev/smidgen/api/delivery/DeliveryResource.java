package dev.smidgen.api.delivery;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.projects.ProjectEntity;
import dev.smidgen.catalog.projects.ProjectRepository;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.contract.config.DeliveryConfig;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.signing.SignedMethod;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import org.jboss.resteasy.reactive.PathPart;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Serves stored files at their URL, {@code /cdn/{project}/{folder}/{filename}}: the path names a
 * file row, whose object may live under another key (an upload stays where it was assembled), and
 * a file displaced by an overwrite is still served at its detached key. Serves {@code Range},
 * {@code ETag} and {@code If-None-Match}; files of the filesystem store go out zero-copy. No API key: delivery
 * URLs are meant for browsers and players. A private project's files need a signed URL
 * ({@link SignatureCheck}); public projects ignore any signature parameters.
 */
@Path("/cdn")
public class DeliveryResource {
    private static final int MAX_KEY_LENGTH = 2400;

    @Inject
    FileRepository files;
    @Inject
    ProjectRepository projects;
    @Inject
    BlobStore blobs;
    @Inject
    DeliveryConfig config;

    @GET
    @Path("/{key: .+}")
    public Response get(@PathParam("key") String key, @HeaderParam("Range") String range,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context UriInfo uri) {
        return respond(find(key, uri.getQueryParameters()), range, ifNoneMatch, true);
    }

    @HEAD
    @Path("/{key: .+}")
    public Response head(@PathParam("key") String key, @HeaderParam("Range") String range,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context UriInfo uri) {
        return respond(find(key, uri.getQueryParameters()), range, ifNoneMatch, false);
    }

    private Response respond(Delivery delivery, String rangeHeader, String ifNoneMatch, boolean withBody) {
        FileEntity file = delivery.file();
        String etag = "\"" + file.checksum.substring(file.checksum.indexOf(':') + 1) + "\"";
        long size = file.filesize;
        if (matches(ifNoneMatch, etag)) {
            return common(Response.notModified(), delivery, etag).build();
        }
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(rangeHeader, size);
        } catch (ByteRange.Unsatisfiable e) {
            return Response.status(416).header("Content-Range", "bytes */" + size).header("Accept-Ranges", "bytes").build();
        }
        Response.ResponseBuilder response = range.isPresent()
                ? Response.status(206).header("Content-Range", range.get().contentRange(size))
                : Response.ok();
        long length = range.map(ByteRange::length).orElse(size);
        common(response, delivery, etag).header(HttpHeaders.CONTENT_LENGTH, length);
        if (withBody && length > 0) {
            response.entity(body(file.storageKey, range.map(ByteRange::first).orElse(0L), length));
        }
        return response.build();
    }

    /**
     * A file of the filesystem store goes out by sendfile (Vert.x hands the kernel the file and the
     * socket; no byte passes through the heap); an S3 object is streamed through.
     */
    private Object body(String storageKey, long first, long length) {
        Optional<java.nio.file.Path> local = blobs.localFile(storageKey);
        if (local.isPresent()) {
            return new PathPart(local.get(), first, length);
        }
        long last = first + length - 1;
        return (StreamingOutput) out -> {
            try (InputStream in = blobs.open(storageKey, first, last)) {
                in.transferTo(out);
            }
        };
    }

    private static Response.ResponseBuilder common(Response.ResponseBuilder response, Delivery delivery, String etag) {
        return response.header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CONTENT_TYPE, delivery.file().mimeType)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CACHE_CONTROL, delivery.cacheControl());
    }

    /** The file a key names, if the caller may read it, with the caching it allows. */
    @Transactional
    Delivery find(String key, MultivaluedMap<String, String> query) {
        int slash = key.indexOf('/');
        if (key.length() > MAX_KEY_LENGTH || slash <= 0 || Arrays.asList(key.split("/")).contains("..")) {
            throw SmidgenException.notFound("File");
        }
        ProjectEntity project = projects.findById(key.substring(0, slash));
        if (project == null) {
            throw SmidgenException.notFound("File");
        }
        String cacheControl = "public, max-age=" + config.maxAgeSeconds();
        if (project.privateDelivery) {
            // Checked before the file is looked up, so unsigned requests cannot probe which paths exist.
            Instant now = Instant.now();
            Instant expires = SignatureCheck.verify(project.signingKey, key.substring(slash + 1), query, SignedMethod.GET, now);
            // No shared cache, and no copy that outlives the URL.
            cacheControl = "private, max-age=" + Math.min(config.maxAgeSeconds(), Duration.between(now, expires).toSeconds());
        }
        FileEntity file = files.findReadyByPath(project.id, folderOf(key.substring(slash + 1)), filenameOf(key))
                .or(() -> files.findReadyDetached(key))
                .orElseThrow(() -> SmidgenException.notFound("File"));
        return new Delivery(file, cacheControl);
    }

    /** The folder part of a path inside a project, null at its root. */
    private static String folderOf(String path) {
        int last = path.lastIndexOf('/');
        return last < 0 ? null : path.substring(0, last);
    }

    private static String filenameOf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** A readable file and the {@code Cache-Control} its response carries. */
    record Delivery(FileEntity file, String cacheControl) {
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
