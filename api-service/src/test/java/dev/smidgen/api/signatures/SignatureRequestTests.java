package dev.smidgen.api.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.web.http.JsonBody;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignatureRequestTests {
    private static final Instant NOW = Instant.ofEpochSecond(1_767_225_600L);
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void readsTheBodyAndDefaultsToGet() {
        SignatureRequest r = parse(
                "{\"folder\": \"a/b\", \"filename\": \"c.png\", \"expiry\": " + (NOW.getEpochSecond() + 60) + "}");
        assertEquals("a/b/c.png", r.path());
        assertEquals(NOW.getEpochSecond() + 60, r.expiry());
        assertEquals(SignedMethod.GET, r.method());
        SignatureRequest put = parse(
                "{\"filename\": \"c.png\", \"expiry\": " + (NOW.getEpochSecond() + 60) + ", \"method\": \"put\"}");
        assertNull(put.folder());
        assertEquals("c.png", put.path());
        assertEquals(SignedMethod.PUT, put.method());
    }

    @Test
    void expiryMustBeAWholeNumberInTheNextWeek() {
        long now = NOW.getEpochSecond();
        parse("{\"filename\": \"c.png\", \"expiry\": " + (now + WEEK.toSeconds()) + "}");
        for (String expiry : new String[] {
            String.valueOf(now),
            String.valueOf(now - 1),
            String.valueOf(now + WEEK.toSeconds() + 1),
            "\"" + (now + 60) + "\"",
            (now + 60) + ".5",
            "1e12",
            "99999999999999999999999",
            "null"
        }) {
            assertField("expiry", "{\"filename\": \"c.png\", \"expiry\": " + expiry + "}");
        }
    }

    @Test
    void refusesBadNamesAndMethods() {
        long later = NOW.getEpochSecond() + 60;
        assertField("filename", "{\"expiry\": " + later + "}");
        assertField("filename", "{\"filename\": \"../c.png\", \"expiry\": " + later + "}");
        assertField("folder", "{\"folder\": \"/abs\", \"filename\": \"c.png\", \"expiry\": " + later + "}");
        assertField("folder", "{\"folder\": \"a/../b\", \"filename\": \"c.png\", \"expiry\": " + later + "}");
        assertField("method", "{\"filename\": \"c.png\", \"expiry\": " + later + ", \"method\": \"delete\"}");
        assertField("method", "{\"filename\": \"c.png\", \"expiry\": " + later + ", \"method\": 1}");
    }

    private static SignatureRequest parse(String json) {
        return SignatureRequest.from(JsonBody.parse(json), NOW, WEEK);
    }

    private static void assertField(String field, String json) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> parse(json), json);
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals(field, e.field(), json);
    }
}
