package dev.smidgen.api.http.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IdempotencyRecordTests {
    private static final RequestFingerprint FIRST =
            RequestFingerprint.of("POST", "/tasks", bytes("{\"kind\":\"ingest\"}"));
    private static final StoredResponse CREATED = new StoredResponse(201, "application/json", bytes("{\"data\":{}}"));

    @Test
    void theSameRequestGetsTheStoredResponse() {
        IdempotencyRecord done = new IdempotencyRecord(FIRST, CREATED);
        assertSame(CREATED, done.replayFor(RequestFingerprint.of("POST", "/tasks", bytes("{\"kind\":\"ingest\"}"))));
    }

    @Test
    void aDifferentBodyIsAConflict() {
        SmidgenException e = refused(
                new IdempotencyRecord(FIRST, CREATED),
                RequestFingerprint.of("POST", "/tasks", bytes("{\"kind\":\"video\"}")));
        assertTrue(e.getMessage().contains("different request body"), e.getMessage());
    }

    @Test
    void aDifferentPathIsAConflict() {
        SmidgenException e = refused(
                new IdempotencyRecord(FIRST, CREATED),
                RequestFingerprint.of("POST", "/files", bytes("{\"kind\":\"ingest\"}")));
        assertTrue(e.getMessage().contains("POST /tasks"), e.getMessage());
    }

    @Test
    void aRequestStillInFlightIsAConflict() {
        SmidgenException e = refused(new IdempotencyRecord(FIRST, null), FIRST);
        assertTrue(e.getMessage().contains("still being processed"), e.getMessage());
    }

    @Test
    void onlySuccessesAreStored() {
        assertTrue(StoredResponse.storable(200));
        assertTrue(StoredResponse.storable(201));
        assertTrue(StoredResponse.storable(202));
        for (int status : new int[] {400, 404, 409, 413, 422, 500, 503}) {
            assertFalse(StoredResponse.storable(status), "status " + status);
        }
    }

    private static SmidgenException refused(IdempotencyRecord record, RequestFingerprint retry) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> record.replayFor(retry));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertEquals(IdempotencyKey.HEADER, e.field());
        return e;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
