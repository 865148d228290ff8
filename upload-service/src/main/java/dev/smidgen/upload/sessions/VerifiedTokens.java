package dev.smidgen.upload.sessions;

import dev.smidgen.catalog.projects.ProjectEntity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Upload tokens whose signature this replica has checked against their project's key, so that the
 * requests of a long series (a tus PATCH every 8 MiB) do not read the session and its project again
 * only to check the same HMAC. It remembers credentials, never state: whatever a request may do is
 * still decided by the session row it reads under its lock. An entry is dropped at the token's own
 * expiry or after {@link #TTL}, whichever comes first; at most {@link #MAX_ENTRIES}, least recently
 * used evicted first. The signing key of a project never changes, and a deleted project takes its
 * sessions with it, which the lock then does not find.
 */
final class VerifiedTokens {
    /** Long enough to span an upload's series of requests, short enough that a project's name in responses is fresh. */
    static final Duration TTL = Duration.ofMinutes(1);
    /** Far more uploads than one replica runs at once; each entry is a few hundred bytes. */
    static final int MAX_ENTRIES = 4096;

    /**
     * A checked token: the session it opens, its project, the protocol the session's row had then (a
     * hint only, for skipping a pre-check whose row is read again under the lock), and until when this
     * check holds.
     */
    record Verified(String sessionId, ProjectEntity project, String protocol, Instant validUntil) {}

    private final Clock clock;
    private final Map<String, Verified> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    VerifiedTokens(Clock clock) {
        this.clock = clock;
    }

    /** Remembers that {@code token} verified for {@code sessionId} and works until {@code tokenExpires}. */
    synchronized void remember(
            String token, String sessionId, ProjectEntity project, String protocol, Instant tokenExpires) {
        Instant until = clock.instant().plus(TTL);
        entries.put(
                token, new Verified(sessionId, project, protocol, until.isBefore(tokenExpires) ? until : tokenExpires));
    }

    /** The check of {@code token}, if one is remembered and still holds. */
    synchronized Optional<Verified> lookup(String token) {
        Verified verified = entries.get(token);
        if (verified == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(verified.validUntil())) {
            entries.remove(token);
            return Optional.empty();
        }
        return Optional.of(verified);
    }

    synchronized int size() {
        return entries.size();
    }
}
