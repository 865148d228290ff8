package dev.smidgen.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smidgen.media.limits.PictureLimits;
import dev.smidgen.media.transcode.TranscodeResources;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TranscodeBudgetTests {
    private final TranscodeBudget budget = new TranscodeBudget(
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            Duration.ofHours(2),
            new TranscodeResources(2, 3L << 30),
            PictureLimits.defaults());

    @Test
    void theDeadlineGrowsWithTheInputsLength() {
        assertEquals(Duration.ofMinutes(5), budget.deadline(null)); // a still image
        assertEquals(Duration.ofMinutes(5), budget.deadline(0.0));
        assertEquals(Duration.ofMinutes(5).plusSeconds(150), budget.deadline(5.0));
        assertEquals(Duration.ofMinutes(35), budget.deadline(60.0));
    }

    @Test
    void theDeadlineNeverPassesTheLongestRun() {
        assertEquals(Duration.ofHours(2), budget.deadline(3600.0));
        assertEquals(Duration.ofHours(2), budget.deadline(1e300));
    }
}
