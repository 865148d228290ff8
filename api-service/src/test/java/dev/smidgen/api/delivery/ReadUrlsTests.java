package dev.smidgen.api.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadUrlsTests {
    private final List<String> signed = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final ReadUrls urls = new ReadUrls(
            (key, validFor) -> {
                assertEquals(ReadUrls.LIFETIME, validFor);
                signed.add(key);
                return Optional.of(URI.create("https://store.example/" + key + "?signed=" + signed.size()));
            },
            new Clock() {
                @Override
                public Instant instant() {
                    return now;
                }

                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }
            });

    @Test
    void aUrlIsReusedWhileItHasItsMarginLeft() {
        URI first = urls.get("prj/a.mp4").orElseThrow();
        now = now.plus(ReadUrls.LIFETIME).minus(ReadUrls.MARGIN).minusSeconds(1);
        assertEquals(first, urls.get("prj/a.mp4").orElseThrow());
        assertEquals(List.of("prj/a.mp4"), signed);

        now = now.plusSeconds(1);
        assertNotEquals(first, urls.get("prj/a.mp4").orElseThrow());
        assertEquals(2, signed.size());
    }

    @Test
    void eachObjectHasItsOwnUrlAndAForgottenOneIsSignedAgain() {
        URI a = urls.get("prj/a.mp4").orElseThrow();
        URI b = urls.get("prj/b.mp4").orElseThrow();
        assertNotEquals(a, b);
        urls.forget("prj/a.mp4");
        assertNotEquals(a, urls.get("prj/a.mp4").orElseThrow());
        assertEquals(b, urls.get("prj/b.mp4").orElseThrow());
        assertEquals(List.of("prj/a.mp4", "prj/b.mp4", "prj/a.mp4"), signed);
    }

    @Test
    void aStoreWithoutUrlsHasNoneAndNothingIsRemembered() {
        ReadUrls none = new ReadUrls(
                (key, validFor) -> {
                    signed.add(key);
                    return Optional.empty();
                },
                Clock.systemUTC());
        assertTrue(none.get("prj/a.mp4").isEmpty());
        assertTrue(none.get("prj/a.mp4").isEmpty());
        assertEquals(2, signed.size());
    }

    @Test
    void memoryIsBounded() {
        for (int i = 0; i <= ReadUrls.MAX_OBJECTS; i++) {
            urls.get("prj/" + i);
        }
        urls.get("prj/0"); // forgotten when the memory started over
        assertEquals(ReadUrls.MAX_OBJECTS + 2, signed.size());
    }
}
