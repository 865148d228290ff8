package dev.smidgen.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdsTests {
    @Test
    void idsHavePrefixAndTwelveCharacters() {
        String id = Ids.newId(IdPrefix.FILE);
        assertTrue(id.matches("file_[a-z0-9]{12}"), id);
        assertNotEquals(id, Ids.newId(IdPrefix.FILE));
    }

    @Test
    void requestIdsHaveSixteenCharacters() {
        assertTrue(Ids.newId(IdPrefix.REQUEST).matches("req_[a-z0-9]{16}"));
    }

    @Test
    void tskIsAnAliasOfTask() {
        assertEquals("task_abcdefgh1234", Ids.canonicalTaskId("tsk_abcdefgh1234"));
        assertEquals("task_abcdefgh1234", Ids.canonicalTaskId("task_abcdefgh1234"));
    }
}
