package dev.smidgen.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputTextTests {

    @Test
    void nulAndUnpairedSurrogatesBreakTheRule() {
        assertFalse(InputText.isClean("a\u0000b"));
        assertFalse(InputText.isClean("\ud800"));
        assertFalse(InputText.isClean("x\udc00y"));
        assertFalse(InputText.isClean("\ud83d"));
        assertTrue(InputText.isClean("emoji \ud83d\ude00 ok"));
        assertTrue(InputText.isClean("tabs\tand\nnewlines, ü, 漢字"));
        assertTrue(InputText.isClean(null));
    }

    @Test
    void aRefusalNamesTheField() {
        SmidgenException e = assertThrows(SmidgenException.class, () -> InputText.require("title", "a\u0000"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("title", e.field());
    }

    @Test
    void jsonBodiesAreCheckedEverywhereWithThePathAsField() {
        assertEquals("title", refusedField("{\"title\": \"a\\u0000b\"}"));
        assertEquals("metadata.colour", refusedField("{\"metadata\": {\"colour\": \"\\u0000\"}}"));
        assertEquals("metadata", refusedField("{\"metadata\": {\"k\\u0000\": \"v\"}}"));
        assertEquals("outputs[1].folder", refusedField("{\"outputs\": [{}, {\"folder\": \"\\ud800\"}]}"));
        assertEquals(null, refusedField("{\"\\u0000\": 1}"));
        assertEquals("name", refusedField("{\"name\": \"\\udc00\"}"));
        assertEquals(
                "ok \ud83d\ude00",
                JsonBody.parse("{\"name\": \"ok \\ud83d\\ude00\"}").string("name"));
    }

    @Test
    void pathIdsQueryValuesAndQueryNamesAreChecked() {
        MultivaluedHashMap<String, String> none = new MultivaluedHashMap<>();
        MultivaluedHashMap<String, String> path = new MultivaluedHashMap<>(Map.of("id", "\u0000"));
        assertEquals("id", fieldOf(() -> InputTextFilter.check(path, none)));
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        query.put("metadata.colour", List.of("red", "\u0000"));
        assertEquals("metadata.colour", fieldOf(() -> InputTextFilter.check(none, query)));
        MultivaluedHashMap<String, String> badName = new MultivaluedHashMap<>();
        badName.put("metadata.\u0000", List.of("red"));
        assertEquals("query", fieldOf(() -> InputTextFilter.check(none, badName)));
        MultivaluedHashMap<String, String> fine = new MultivaluedHashMap<>();
        fine.put("metadata.colour", List.of("red"));
        InputTextFilter.check(new MultivaluedHashMap<>(Map.of("id", "med_1")), fine);
    }

    private static String refusedField(String json) {
        return fieldOf(() -> JsonBody.parse(json));
    }

    private static String fieldOf(Runnable call) {
        SmidgenException e = assertThrows(SmidgenException.class, call::run);
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("NUL"), e.getMessage());
        return e.field();
    }
}
