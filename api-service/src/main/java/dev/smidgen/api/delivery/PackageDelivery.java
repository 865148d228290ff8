package dev.smidgen.api.delivery;

import dev.smidgen.api.delivery.DeliveryLookup.PackageTarget;
import dev.smidgen.api.delivery.DeliveryLookup.StoredFile;
import dev.smidgen.api.signatures.SignedMethod;
import dev.smidgen.api.signatures.UrlSigner;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.web.config.DeliveryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Delivery of the objects of an HLS package or a storyboard track ({@link PackagePath}). Public packages are served as stored:
 * segments and init segments never change under their names (a package is written once, under its file's
 * id), so they are cached for a year as immutable; playlists for the usual {@code max-age}.
 *
 * <p>A private package needs one signed URL only, the master playlist's: a signature over the object's own
 * path, or over the package's prefix (a package signature, see docs/api/adaptive-streaming.md), opens any
 * object of it, and every playlist of a private package is served with the package signature, at the same
 * expiry, appended to the URIs it names ({@link PlaylistSigning}). So a player that was handed the signed
 * master URL plays the whole ladder, and when the URL expires or was tampered with every object, segments
 * included, is refused with the 403 that says why. A storyboard is served the same way: its WebVTT is the
 * playlist (rewritten by {@link TrackSigning}), its sheets the segments (docs/api/storyboards.md).
 */
@ApplicationScoped
class PackageDelivery {
    /** Playlists are rewritten in memory: no package's playlist comes near this (a 10 h rung has ~9,000 lines). */
    private static final long MAX_PLAYLIST_BYTES = 4L << 20;

    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @Inject
    DeliveryLookup lookup;

    @Inject
    BlobStore blobs;

    @Inject
    DeliveryConfig config;

    /** The object {@code path} names, if the caller may read it. */
    DeliveryResource.Delivery find(PackagePath path, MultivaluedMap<String, String> query) {
        PackageTarget target = lookup.findPackage(path.projectId(), path.prefix())
                .orElseThrow(() -> SmidgenException.notFound("File"));
        boolean names = path.isPlaylist() || path.isTrack(); // a text that names the package's other objects
        String cacheControl = names ? "public, max-age=" + config.maxAgeSeconds() : IMMUTABLE;
        Long expiry = null;
        Instant expires = null;
        if (target.privateDelivery()) {
            // Checked before the package is looked at, so unsigned requests cannot probe which packages exist.
            Instant now = Instant.now();
            expires = verify(target.signingKey(), path, query, now);
            expiry = expires.getEpochSecond();
            cacheControl = "private, max-age="
                    + Math.min(
                            config.maxAgeSeconds(),
                            Duration.between(now, expires).toSeconds());
        }
        String checksum = target.checksum().orElseThrow(() -> SmidgenException.notFound("File"));
        String version = checksum.substring(checksum.indexOf(':') + 1);
        if (expiry != null && names) {
            UrlSigner signer = new UrlSigner(target.signingKey());
            String signature = signer.sign(path.relativePrefix(), expiry, SignedMethod.GET);
            String signedQuery = UrlSigner.query(expiry, SignedMethod.GET, signature);
            String text = path.isTrack()
                    ? TrackSigning.rewrite(read(path.key()), signedQuery)
                    : PlaylistSigning.rewrite(read(path.key()), signedQuery);
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            return new DeliveryResource.Delivery(
                    new StoredFile(path.key(), body.length, "sha256:" + sha256(body), path.mimeType()),
                    cacheControl,
                    body,
                    expires);
        }
        long size = blobs.size(path.key());
        // One package never changes, so its checksum and the object's name identify the object's bytes.
        String etag = "sha256:" + version.substring(0, Math.min(16, version.length())) + "-"
                + sha256(path.name().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return new DeliveryResource.Delivery(
                new StoredFile(path.key(), size, etag, path.mimeType()), cacheControl, null, expires);
    }

    /**
     * A signature of the object's own path, or else of the package's prefix; returns when it expires,
     * or throws the 403 of {@link SignatureCheck}.
     */
    static Instant verify(String signingKey, PackagePath path, MultivaluedMap<String, String> query, Instant now) {
        try {
            return SignatureCheck.verify(signingKey, path.relativePath(), query, SignedMethod.GET, now);
        } catch (SmidgenException e) {
            if (e.code() != ErrorCode.SIGNATURE_INVALID) {
                throw e;
            }
            return SignatureCheck.verify(signingKey, path.relativePrefix(), query, SignedMethod.GET, now);
        }
    }

    private String read(String key) {
        long size = blobs.size(key);
        if (size > MAX_PLAYLIST_BYTES) {
            throw new SmidgenException(ErrorCode.INTERNAL, "The playlist is larger than a package's playlist can be.");
        }
        try (InputStream in = blobs.open(key, null, null)) {
            return new String(in.readNBytes((int) MAX_PLAYLIST_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
