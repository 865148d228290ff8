package dev.smidgen.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.model.SmidgenException;
import org.junit.jupiter.api.Test;

class PageRequestTests {
    @Test
    void defaultsAndOffsets() {
        assertEquals(new PageRequest(1, 12), PageRequest.parse(null, null));
        assertEquals(24, PageRequest.parse("3", "12").offset());
        assertEquals("?page=2&limit=5&kind=ingest", PageRequest.parse("1", "5").queryFor(2, "kind=ingest"));
    }

    @Test
    void outOfRangeIsAnErrorNotAClamp() {
        assertEquals(
                "limit",
                assertThrows(SmidgenException.class, () -> PageRequest.parse("1", "0"))
                        .field());
        assertEquals(
                "limit",
                assertThrows(SmidgenException.class, () -> PageRequest.parse("1", "101"))
                        .field());
        assertEquals(
                "limit",
                assertThrows(SmidgenException.class, () -> PageRequest.parse("1", "abc"))
                        .field());
        assertEquals(
                "page",
                assertThrows(SmidgenException.class, () -> PageRequest.parse("0", "10"))
                        .field());
    }
}
