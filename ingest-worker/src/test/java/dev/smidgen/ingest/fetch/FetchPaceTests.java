package dev.smidgen.ingest.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FetchPaceTests {
    private static final FetchPace PACE = new FetchPace(Duration.ofMinutes(30), 64 * 1024, Duration.ofSeconds(60));

    @Test
    void aSlowStartIsFineUntilTheGraceEnds() {
        PACE.check(1, Duration.ofSeconds(59));
        SmidgenException slow = assertThrows(SmidgenException.class, () -> PACE.check(1000, Duration.ofSeconds(60)));
        assertEquals(ErrorCode.SOURCE_TOO_SLOW, slow.code());
        assertFalse(slow.isTransient());
        assertTrue(slow.getMessage().contains("65536 bytes/s"), slow.getMessage());
    }

    @Test
    void theAverageRateCountsNotTheLastRead() {
        PACE.check(60L * 64 * 1024, Duration.ofSeconds(60));
        PACE.check(600L * 64 * 1024, Duration.ofSeconds(300)); // a burst early carries a stall later
    }

    @Test
    void theDeadlineHoldsHoweverFastTheSource() {
        SmidgenException late =
                assertThrows(SmidgenException.class, () -> PACE.check(1L << 40, Duration.ofMinutes(31)));
        assertEquals(ErrorCode.SOURCE_TOO_SLOW, late.code());
        assertTrue(late.getMessage().contains("1800 s"), late.getMessage());
    }

    @Test
    void noRateCheckWhenTheRateIsZero() {
        new FetchPace(Duration.ofMinutes(30), 0, Duration.ZERO).check(1, Duration.ofMinutes(29));
    }

    @Test
    void theWatchMeasuresFromItsStart() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        FetchProgress watch = PACE.start(now::get);
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        watch.received(12, -1);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThrows(SmidgenException.class, () -> watch.received(13, -1));
    }
}
