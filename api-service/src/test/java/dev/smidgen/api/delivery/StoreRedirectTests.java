package dev.smidgen.api.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.api.delivery.DeliveryLookup.StoredFile;
import dev.smidgen.api.delivery.DeliveryResource.Delivery;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.web.config.DeliveryConfig;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreRedirectTests {
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    final List<String> signed = new ArrayList<>();

    @Test
    void offByDefaultNothingIsRedirected() {
        StoreRedirect redirect = redirect(false);
        assertTrue(redirect.location(publicFile("video/mp4"), NOW).isEmpty());
        assertTrue(signed.isEmpty());
    }

    @Test
    void aPublicFileGetsAReusedUrlCarryingItsTypeAndCaching() {
        StoreRedirect redirect = redirect(true);
        Optional<URI> first = redirect.location(publicFile("video/mp4"), NOW);
        Optional<URI> again = redirect.location(publicFile("video/mp4"), NOW);
        assertEquals(first, again);
        assertEquals(List.of("prj_1/a.mp4|PT15M|video/mp4|public, max-age=3600"), signed);
    }

    @Test
    void aPrivateFilesUrlLastsNoLongerThanItsSignature() {
        StoreRedirect redirect = redirect(true);
        Delivery soon = new Delivery(file("video/mp4"), "private, max-age=90", null, NOW.plusSeconds(90));
        assertTrue(redirect.location(soon, NOW).isPresent());
        Delivery later = new Delivery(file("video/mp4"), "private, max-age=3600", null, NOW.plus(Duration.ofDays(2)));
        assertTrue(redirect.location(later, NOW).isPresent());
        assertEquals(
                List.of(
                        "prj_1/a.mp4|PT1M30S|video/mp4|private, max-age=90",
                        "prj_1/a.mp4|PT15M|video/mp4|private, max-age=3600"),
                signed);
        Delivery expiring = new Delivery(file("video/mp4"), "private, max-age=0", null, NOW.plusMillis(500));
        assertTrue(redirect.location(expiring, NOW).isEmpty());
    }

    @Test
    void playlistsTracksAndMadeBodiesAreSentFromHere() {
        StoreRedirect redirect = redirect(true);
        assertTrue(redirect.location(publicFile("application/vnd.apple.mpegurl"), NOW)
                .isEmpty());
        assertTrue(redirect.location(publicFile("text/vtt"), NOW).isEmpty());
        Delivery rewritten = new Delivery(
                file("video/mp4"),
                "private, max-age=60",
                "#EXTM3U".getBytes(StandardCharsets.UTF_8),
                NOW.plusSeconds(60));
        assertFalse(StoreRedirect.redirectable(rewritten));
        assertTrue(StoreRedirect.redirectable(publicFile("video/iso.segment")));
        assertTrue(signed.isEmpty());
    }

    private static StoredFile file(String mimeType) {
        return new StoredFile("prj_1/a.mp4", 10, "sha256:00", mimeType);
    }

    private static Delivery publicFile(String mimeType) {
        return new Delivery(file(mimeType), "public, max-age=3600", null, null);
    }

    private StoreRedirect redirect(boolean enabled) {
        StoreRedirect redirect = new StoreRedirect();
        redirect.config =
                proxy(DeliveryConfig.class, (method, args) -> method.equals("redirectToStore") ? enabled : null);
        redirect.blobs = proxy(BlobStore.class, (method, args) -> {
            if (!method.equals("clientReadUrl")) {
                throw new AssertionError("unexpected " + method);
            }
            signed.add(args[0] + "|" + args[1] + "|" + args[2] + "|" + args[3]);
            return Optional.of(URI.create("http://store/" + signed.size()));
        });
        redirect.init();
        return redirect;
    }

    interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args));
    }
}
