package dev.smidgen.upload.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.projects.ProjectEntity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VerifiedTokensTests {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final Instant FAR = T0.plus(Duration.ofDays(1));

    /** A clock the test moves by hand. */
    private static final class Hand extends Clock {
        Instant now = T0;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final Hand clock = new Hand();
    private final VerifiedTokens tokens = new VerifiedTokens(clock);
    private final ProjectEntity project = new ProjectEntity();

    @Test
    void aRememberedTokenOpensItsSessionUntilTheTtl() {
        tokens.remember("t1", "upl_aaaaaaaaaaaa", project, "tus", FAR);
        assertEquals("upl_aaaaaaaaaaaa", tokens.lookup("t1").orElseThrow().sessionId());
        assertTrue(tokens.lookup("t2").isEmpty(), "only the token that was checked");
        clock.now = T0.plus(VerifiedTokens.TTL).minusMillis(1);
        assertTrue(tokens.lookup("t1").isPresent());
        clock.now = T0.plus(VerifiedTokens.TTL);
        assertTrue(tokens.lookup("t1").isEmpty(), "checked again after the TTL");
        assertEquals(0, tokens.size(), "a lapsed entry is dropped");
    }

    @Test
    void neverOutlivesTheTokenItself() {
        Instant expires = T0.plusSeconds(10);
        tokens.remember("t1", "upl_aaaaaaaaaaaa", project, "tus", expires);
        clock.now = expires.minusMillis(1);
        assertTrue(tokens.lookup("t1").isPresent());
        clock.now = expires;
        assertTrue(tokens.lookup("t1").isEmpty(), "an expired token goes back to the full check, which says 410");
    }

    @Test
    void holdsAtMostItsBoundEvictingTheLeastRecentlyUsed() {
        tokens.remember("first", "upl_aaaaaaaaaaaa", project, "tus", FAR);
        for (int i = 0; i < VerifiedTokens.MAX_ENTRIES - 1; i++) {
            tokens.remember("t" + i, "upl_bbbbbbbbbbbb", project, "tus", FAR);
        }
        assertTrue(tokens.lookup("first").isPresent()); // used: now the most recent
        tokens.remember("one-more", "upl_cccccccccccc", project, "tus", FAR);
        assertEquals(VerifiedTokens.MAX_ENTRIES, tokens.size());
        assertTrue(tokens.lookup("first").isPresent(), "a token in use stays");
        assertTrue(tokens.lookup("t0").isEmpty(), "the least recently used went");
    }
}
