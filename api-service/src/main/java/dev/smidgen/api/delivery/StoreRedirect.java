package dev.smidgen.api.delivery;

import dev.smidgen.api.delivery.DeliveryResource.Delivery;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.web.config.DeliveryConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Where a delivery sends the client instead of the bytes ({@code smidgen.delivery.redirect-to-store}):
 * a presigned URL of the object on the store's public endpoint, whose response carries the type and
 * caching this service would send. A public file's URL is reused while it has minutes left
 * ({@link ReadUrls}); a private file's lasts no longer than its signed URL, so a redirect never
 * extends what a signature allows.
 */
@ApplicationScoped
class StoreRedirect {
    /**
     * Texts that name other objects by relative URL (HLS playlists, WebVTT tracks of sprite sheets):
     * a client resolves those against the URL it finally read, so they must come from this service.
     */
    static final Set<String> RELATIVE_REFERENCES = Set.of("application/vnd.apple.mpegurl", "text/vtt");

    @Inject
    BlobStore blobs;

    @Inject
    DeliveryConfig config;

    private ReadUrls publicUrls;

    @PostConstruct
    void init() {
        publicUrls = new ReadUrls(this::sign, Clock.systemUTC());
    }

    /** The URL to redirect {@code delivery} to, or empty when this service sends it itself. */
    Optional<URI> location(Delivery delivery, Instant now) {
        if (!config.redirectToStore() || !redirectable(delivery)) {
            return Optional.empty();
        }
        String key = delivery.file().storageKey();
        if (delivery.expires() == null) {
            // The type is the file's and the caching a constant, so the key names the response too.
            return publicUrls.get(key + "\n" + delivery.file().mimeType() + "\n" + delivery.cacheControl());
        }
        Duration left = Duration.between(now, delivery.expires());
        Duration validFor = left.compareTo(ReadUrls.LIFETIME) < 0 ? left : ReadUrls.LIFETIME;
        if (validFor.toSeconds() < 1) {
            return Optional.empty();
        }
        return blobs.clientReadUrl(key, validFor, delivery.file().mimeType(), delivery.cacheControl());
    }

    /** Stored bytes, served as they are, that name no other object. */
    static boolean redirectable(Delivery delivery) {
        return delivery.body() == null
                && !RELATIVE_REFERENCES.contains(delivery.file().mimeType());
    }

    private Optional<URI> sign(String cacheKey, Duration validFor) {
        String[] parts = cacheKey.split("\n", 3);
        return blobs.clientReadUrl(parts[0], validFor, parts[1], parts[2]);
    }
}
