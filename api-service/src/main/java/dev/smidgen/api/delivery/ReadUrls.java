package dev.smidgen.api.delivery;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Presigned read URLs of a store's objects, each reused for a while. Signing one takes the SDK
 * about as long as the store takes to send a megabyte, and a player asks for the same object every
 * few hundred kilobytes. A URL names a key, not bytes, so reusing one never serves stale content;
 * it is handed out only while it has {@link #MARGIN} left, more than any response needs to start.
 */
final class ReadUrls {
    static final Duration LIFETIME = Duration.ofMinutes(15);
    static final Duration MARGIN = Duration.ofMinutes(5);
    /** Objects remembered at most; past it the memory starts over (a burst of distinct objects is rare). */
    static final int MAX_OBJECTS = 10_000;

    private final BiFunction<String, Duration, Optional<URI>> signer;
    private final Clock clock;
    private final Map<String, Signed> byKey = new ConcurrentHashMap<>();

    private record Signed(URI url, Instant usableUntil) {}

    /** {@code signer} makes a URL for a key valid for a duration, or nothing (a store without URLs). */
    ReadUrls(BiFunction<String, Duration, Optional<URI>> signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    /** A URL for the object valid for at least {@link #MARGIN}; empty when the store has none. */
    Optional<URI> get(String key) {
        Instant now = clock.instant();
        Signed known = byKey.get(key);
        if (known != null && now.isBefore(known.usableUntil())) {
            return Optional.of(known.url());
        }
        Optional<URI> url = signer.apply(key, LIFETIME);
        if (url.isPresent()) {
            if (byKey.size() >= MAX_OBJECTS) {
                byKey.clear();
            }
            byKey.put(key, new Signed(url.get(), now.plus(LIFETIME).minus(MARGIN)));
        }
        return url;
    }

    /** Drops the object's URL, so that the next {@link #get} signs a new one (the store refused it). */
    void forget(String key) {
        byKey.remove(key);
    }
}
