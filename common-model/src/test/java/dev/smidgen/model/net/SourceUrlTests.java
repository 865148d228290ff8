package dev.smidgen.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class SourceUrlTests {
    @Test
    void keepsTheCheckedUrlAsWrittenWithoutItsSurroundingSpace() {
        SourceUrl url = SourceUrl.parse("  https://example.com/a%20b.mp4?x=1 ");
        assertEquals(URI.create("https://example.com/a%20b.mp4?x=1"), url.uri());
        assertEquals("https://example.com/a%20b.mp4?x=1", url.toString());
    }

    @Test
    void refusesWhatTheAddressGuardRefusesOnTheUrlField() {
        SmidgenException e = assertThrows(SmidgenException.class, () -> SourceUrl.parse("http://user:pw@example.com/"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("url", e.field());
    }
}
