package dev.smidgen.catalog.listing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.model.SmidgenException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataMatchTests {
    @Test
    void stringsMatchThemselves() {
        assertEquals(List.of("{\"source\":\"YourApp/iOS\"}"), MetadataMatch.alternatives("source", "YourApp/iOS"));
    }

    @Test
    void numbersAndBooleansAlsoMatchTheirJsonType() {
        assertEquals(
                List.of("{\"user_id\":\"123\"}", "{\"user_id\":123}"), MetadataMatch.alternatives("user_id", "123"));
        assertEquals(List.of("{\"ratio\":\"1.5\"}", "{\"ratio\":1.5}"), MetadataMatch.alternatives("ratio", "1.5"));
        assertEquals(List.of("{\"ok\":\"true\"}", "{\"ok\":true}"), MetadataMatch.alternatives("ok", "true"));
        assertEquals(List.of("{\"zip\":\"0123\"}"), MetadataMatch.alternatives("zip", "0123"));
    }

    @Test
    void quotesAreEscaped() {
        assertEquals(List.of("{\"k\\\"\":\"a\\\"b\"}"), MetadataMatch.alternatives("k\"", "a\"b"));
    }

    @Test
    void sortKeysAreAClosedList() {
        assertEquals(SortKey.CREATED, SortKey.fromWire(null));
        assertEquals("filesize", SortKey.fromWire("filesize").column());
        assertEquals(
                "sort",
                assertThrows(SmidgenException.class, () -> SortKey.fromWire("id; drop table"))
                        .field());
    }
}
