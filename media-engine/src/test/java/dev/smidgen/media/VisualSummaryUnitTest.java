package dev.smidgen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.model.Kind;
import org.junit.jupiter.api.Test;

class VisualSummaryUnitTest {

    @Test
    void videoFrameIsTakenAtOneSecondOrHalfWay() {
        assertEquals(1.0, VisualSummary.seekFor(probe(Kind.VIDEO, 5.0)));
        assertEquals(0.6, VisualSummary.seekFor(probe(Kind.VIDEO, 1.2)));
        assertNull(VisualSummary.seekFor(probe(Kind.VIDEO, null)));
        assertNull(VisualSummary.seekFor(probe(Kind.IMAGE, 1.0)), "an animated image starts at its first frame");
    }

    @Test
    void colourIsUpperCaseHex() {
        assertEquals("#FE0001", VisualSummary.hex(new byte[] {(byte) 0xFE, 0, 1}));
    }

    private static ProbeResult probe(Kind kind, Double duration) {
        return new ProbeResult(kind, "video/mp4", "mp4", "mp4", "h264", null, 640, 360, duration, 25.0, 1000L, 1000,
                0, "landscape", kind == Kind.VIDEO, false, false, false, null);
    }
}
