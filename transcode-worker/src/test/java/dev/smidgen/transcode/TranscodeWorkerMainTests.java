package dev.smidgen.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TranscodeWorkerMainTests {
    @Test
    void oneConversionPerEightCoresRoundedUp() {
        assertEquals(1, TranscodeWorkerMain.conversionsAtOnce(1));
        assertEquals(1, TranscodeWorkerMain.conversionsAtOnce(2));
        assertEquals(1, TranscodeWorkerMain.conversionsAtOnce(8));
        assertEquals(2, TranscodeWorkerMain.conversionsAtOnce(9));
        assertEquals(2, TranscodeWorkerMain.conversionsAtOnce(16));
        assertEquals(4, TranscodeWorkerMain.conversionsAtOnce(32));
    }
}
