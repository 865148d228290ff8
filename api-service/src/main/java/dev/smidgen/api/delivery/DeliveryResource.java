package dev.smidgen.api.delivery;

import dev.smidgen.api.delivery.DeliveryLookup.StoredFile;
import dev.smidgen.api.signatures.SignedMethod;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.web.config.DeliveryConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
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
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.resteasy.reactive.PathPart;

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
    DeliveryLookup lookup;

    @Inject
    BlobStore blobs;

    @Inject
    StoreRelay relay;

    @Inject
    DeliveryConfig config;

    @Inject
    PackageDelivery packages;

    @Inject
    StoreRedirect redirect;

    /**
     * Non-blocking, with the blocking part moved off the event loop: the catalog look-up runs on a
     * worker, and the response to an S3 object completes on the event loop that brings the store's
     * answer and is written from there at once. A blocking resource would hand the request to a
     * worker and back twice more per range request.
     */
    @GET
    @Path("/{key: .+}")
    public Uni<Response> get(
            @PathParam("key") String key,
            @HeaderParam("Range") String range,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @Context UriInfo uri) {
        return deliver(key, uri.getQueryParameters(), range, ifNoneMatch, true);
    }

    @HEAD
    @Path("/{key: .+}")
    public Uni<Response> head(
            @PathParam("key") String key,
            @HeaderParam("Range") String range,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @Context UriInfo uri) {
        return deliver(key, uri.getQueryParameters(), range, ifNoneMatch, false);
    }

    private Uni<Response> deliver(
            String key, MultivaluedMap<String, String> query, String range, String ifNoneMatch, boolean withBody) {
        return Uni.createFrom()
                .item(() -> find(key, query))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(delivery -> Uni.createFrom().completionStage(respond(delivery, range, ifNoneMatch, withBody)));
    }

    private CompletionStage<Response> respond(
            Delivery delivery, String rangeHeader, String ifNoneMatch, boolean withBody) {
        StoredFile file = delivery.file();
        String etag = "\"" + file.checksum().substring(file.checksum().indexOf(':') + 1) + "\"";
        long size = file.size();
        if (matches(ifNoneMatch, etag)) {
            return CompletableFuture.completedFuture(
                    common(Response.notModified(), delivery, etag).build());
        }
        if (withBody) {
            Optional<URI> elsewhere = redirect.location(delivery, Instant.now());
            if (elsewhere.isPresent()) {
                // Not cached: the URL it names expires, and a private file's within its signature's life.
                return CompletableFuture.completedFuture(Response.temporaryRedirect(elsewhere.get())
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .build());
            }
        }
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(rangeHeader, size);
        } catch (ByteRange.Unsatisfiable e) {
            return CompletableFuture.completedFuture(Response.status(416)
                    .header("Content-Range", "bytes */" + size)
                    .header("Accept-Ranges", "bytes")
                    .build());
        }
        Response.ResponseBuilder response = range.isPresent()
                ? Response.status(206).header("Content-Range", range.get().contentRange(size))
                : Response.ok();
        long length = range.map(ByteRange::length).orElse(size);
        common(response, delivery, etag).header(HttpHeaders.CONTENT_LENGTH, length);
        if (!withBody || length == 0) {
            return CompletableFuture.completedFuture(response.build());
        }
        if (delivery.body() != null) {
            int first = (int) range.map(ByteRange::first).orElse(0L).longValue();
            return CompletableFuture.completedFuture(
                    response.entity(Arrays.copyOfRange(delivery.body(), first, first + (int) length))
                            .build());
        }
        return withBody(response, file.storageKey(), range.map(ByteRange::first).orElse(0L), length, range.isEmpty());
    }

    /**
     * A file of the filesystem store goes out by sendfile (Vert.x hands the kernel the file and the
     * socket; no byte passes through the heap); an S3 object is relayed from the store's answer
     * ({@link StoreRelay}), which arrives before the response is made, so that a refusal by the
     * store is this response's error.
     */
    private CompletionStage<Response> withBody(
            Response.ResponseBuilder response, String storageKey, long first, long length, boolean whole) {
        Optional<java.nio.file.Path> local = blobs.localFile(storageKey);
        if (local.isPresent()) {
            return CompletableFuture.completedFuture(
                    response.entity(new PathPart(local.get(), first, length)).build());
        }
        long last = first + length - 1;
        Optional<CompletableFuture<RelayedObject>> relayed = relay.open(storageKey, first, last, whole);
        if (relayed.isEmpty()) {
            StreamingOutput streamed = out -> {
                try (InputStream in = blobs.open(storageKey, first, last)) {
                    in.transferTo(out);
                }
            };
            return CompletableFuture.completedFuture(response.entity(streamed).build());
        }
        CompletableFuture<Response> done = new CompletableFuture<>();
        // Not thenApply: that would wrap the store's SmidgenException, which must reach the error mapper as it is.
        relayed.get().whenComplete((body, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(response.entity(body).build());
            }
        });
        return done;
    }

    private static Response.ResponseBuilder common(Response.ResponseBuilder response, Delivery delivery, String etag) {
        return response.header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CONTENT_TYPE, delivery.file().mimeType())
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CACHE_CONTROL, delivery.cacheControl());
    }

    /** The file a key names, if the caller may read it, with the caching it allows. */
    Delivery find(String key, MultivaluedMap<String, String> query) {
        int slash = key.indexOf('/');
        if (key.length() > MAX_KEY_LENGTH
                || slash <= 0
                || Arrays.asList(key.split("/")).contains("..")) {
            throw SmidgenException.notFound("File");
        }
        Optional<PackagePath> inPackage = PackagePath.of(key);
        if (inPackage.isPresent()) {
            return packages.find(inPackage.get(), query);
        }
        String path = key.substring(slash + 1);
        DeliveryLookup.Target target = lookup.find(key.substring(0, slash), folderOf(path), filenameOf(key), key)
                .orElseThrow(() -> SmidgenException.notFound("File"));
        String cacheControl = "public, max-age=" + config.maxAgeSeconds();
        Instant expires = null;
        if (target.privateDelivery()) {
            // Checked before the file is looked at, so unsigned requests cannot probe which paths exist.
            Instant now = Instant.now();
            expires = SignatureCheck.verify(target.signingKey(), path, query, SignedMethod.GET, now);
            // No shared cache, and no copy that outlives the URL.
            cacheControl = "private, max-age="
                    + Math.min(
                            config.maxAgeSeconds(),
                            Duration.between(now, expires).toSeconds());
        }
        StoredFile file = target.file().orElseThrow(() -> SmidgenException.notFound("File"));
        return new Delivery(file, cacheControl, null, expires);
    }

    /** The folder part of a path inside a project, null at its root. */
    private static String folderOf(String path) {
        int last = path.lastIndexOf('/');
        return last < 0 ? null : path.substring(0, last);
    }

    private static String filenameOf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /**
     * A readable file and the {@code Cache-Control} its response carries; {@code body} holds the bytes
     * when they were made for this response (a private package's playlist), else null: they are the
     * stored object's; {@code expires} is when the signed URL it was asked for expires, null when
     * none was needed.
     */
    record Delivery(StoredFile file, String cacheControl, byte[] body, Instant expires) {}

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
