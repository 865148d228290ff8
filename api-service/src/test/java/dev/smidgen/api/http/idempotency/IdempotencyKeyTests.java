package dev.smidgen.api.http.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTests {
    @Test
    void absentHeaderMeansNoKey() {
        assertTrue(IdempotencyKey.fromHeaders(null).isEmpty());
        assertTrue(IdempotencyKey.fromHeaders(List.of()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0123456789abcdef",
                "order-1234/retry:2 ~ok!",
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            })
    void acceptsSixteenToSixtyFourPrintableCharacters(String value) {
        assertEquals(
                value, IdempotencyKey.fromHeaders(List.of(value)).orElseThrow().value());
    }

    @Test
    void lengthBoundsAreInclusive() {
        new IdempotencyKey("k".repeat(16));
        new IdempotencyKey("k".repeat(64));
        assertRefused("k".repeat(15));
        assertRefused("k".repeat(65));
        assertRefused("");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0123456789abcdef\u00e9",
                "0123456789abcdef\t",
                "0123456789abcdef\u007f",
                "0123456789abcdef\u0000"
            })
    void refusesCharactersOutsidePrintableAscii(String value) {
        assertRefused(value);
    }

    @Test
    void refusesSeveralHeaders() {
        SmidgenException e = assertThrows(
                SmidgenException.class, () -> IdempotencyKey.fromHeaders(List.of("k".repeat(16), "j".repeat(16))));
        assertEquals(IdempotencyKey.HEADER, e.field());
    }

    private static void assertRefused(String value) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> IdempotencyKey.fromHeaders(List.of(value)));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals(IdempotencyKey.HEADER, e.field());
    }
}
