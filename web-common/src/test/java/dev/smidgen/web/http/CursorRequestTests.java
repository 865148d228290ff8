package dev.smidgen.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import org.junit.jupiter.api.Test;

class CursorRequestTests {
    @Test
    void defaultsAreTwentyNewestFirst() {
        CursorRequest page = CursorRequest.parse(null, null, null, null);
        assertEquals(20, page.limit());
        assertFalse(page.ascending());
        assertEquals(null, page.after());
    }

    @Test
    void readsEveryParameter() {
        CursorRequest page = CursorRequest.parse("100", null, "job_abc", "asc");
        assertEquals(100, page.limit());
        assertTrue(page.ascending());
        assertEquals("job_abc", page.before());
        assertEquals("?limit=100&order=asc&after=job_x", page.queryAfter("job_x"));
        assertEquals("?limit=100&order=asc&before=job_y", page.queryBefore("job_y"));
    }

    @Test
    void outOfRangeIsRefusedNotClamped() {
        assertField("limit", () -> CursorRequest.parse("0", null, null, null));
        assertField("limit", () -> CursorRequest.parse("101", null, null, null));
        assertField("limit", () -> CursorRequest.parse("ten", null, null, null));
        assertField("order", () -> CursorRequest.parse(null, null, null, "up"));
        assertField("before", () -> CursorRequest.parse(null, "job_a", "job_b", null));
        assertField("after", () -> CursorRequest.parse(null, " ", null, null));
    }

    private static void assertField(String field, Runnable parse) {
        SmidgenException e = assertThrows(SmidgenException.class, parse::run);
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals(field, e.field());
    }
}
