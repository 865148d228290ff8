package dev.smidgen.media.transcode.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HlsLadderTests {
    @Test
    void aFullHdInputGetsFourRungsNeverAboveItself() {
        List<HlsRung> ladder = HlsLadder.of(1920, 1080, 0.8);
        assertEquals(
                List.of("1080p", "720p", "480p", "360p"),
                ladder.stream().map(HlsRung::name).toList());
        assertEquals(
                List.of(1920, 1280, 854, 640),
                ladder.stream().map(HlsRung::width).toList());
        assertEquals(
                List.of(1080, 720, 480, 360),
                ladder.stream().map(HlsRung::height).toList());
        assertEquals(
                List.of(6000, 3000, 1400, 800),
                ladder.stream().map(HlsRung::videoKbps).toList());
    }

    @Test
    void aSmallerInputStartsLowerAndEndsAt240() {
        List<HlsRung> ladder = HlsLadder.of(1280, 720, 0.8);
        assertEquals(
                List.of(720, 480, 360, 240),
                ladder.stream().map(HlsRung::height).toList());
        assertEquals(
                List.of("360p", "240p"),
                HlsLadder.of(640, 360, 0.8).stream().map(HlsRung::name).toList());
        assertEquals(1, HlsLadder.of(320, 240, 0.8).size());
        assertEquals(1, HlsLadder.of(160, 90, 0.8).size(), "tiny inputs are one rung, not upscaled");
    }

    @Test
    void aSizeBetweenStandardsIsTheTopAndRatesAreInterpolated() {
        List<HlsRung> ladder = HlsLadder.of(1000, 562, 0.8);
        assertEquals(1000, ladder.get(0).width());
        assertEquals(562, ladder.get(0).height());
        assertTrue(ladder.get(0).videoKbps() > 1400 && ladder.get(0).videoKbps() < 3000);
        // 480 is within 15% of 562, but still clearly smaller: kept.
        assertEquals(
                List.of(562, 480, 360, 240),
                ladder.stream().map(HlsRung::height).toList());
        assertEquals(
                List.of(710, 480, 360, 240),
                HlsLadder.of(1262, 710, 0.8).stream().map(HlsRung::height).toList());
    }

    @Test
    void portraitVideoUsesItsShortSide() {
        List<HlsRung> ladder = HlsLadder.of(1080, 1920, 0.8);
        assertEquals(
                List.of(1080, 720, 480, 360),
                ladder.stream().map(HlsRung::width).toList());
        assertEquals(
                List.of(1920, 1280, 854, 640),
                ladder.stream().map(HlsRung::height).toList());
    }

    @Test
    void qualityScalesTheRatesAndPeaksStayNearTheAverage() {
        int low = HlsLadder.of(1280, 720, 0).get(0).videoKbps();
        int normal = HlsLadder.of(1280, 720, 0.8).get(0).videoKbps();
        int high = HlsLadder.of(1280, 720, 1).get(0).videoKbps();
        assertEquals(1500, low);
        assertEquals(3000, normal);
        assertEquals(3900, high);
        for (HlsRung rung : HlsLadder.of(3840, 2160, 0.8)) {
            assertEquals(Math.round(rung.videoKbps() * 1.1), rung.maxKbps());
            assertEquals(2 * rung.videoKbps(), rung.bufferKbits());
        }
    }

    @Test
    void oddSidesBecomeEvenAndNoPictureIsRefused() {
        HlsRung top = HlsLadder.of(641, 361, 0.8).get(0);
        assertEquals(640, top.width());
        assertEquals(360, top.height());
        assertThrows(IllegalArgumentException.class, () -> HlsLadder.of(1, 1, 0.8));
    }
}
