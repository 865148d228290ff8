package dev.smidgen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.testing.TestMedia;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisualSummaryTests {
    private static final int TOLERANCE = 8;

    @TempDir
    static Path dir;

    static Path video;

    @BeforeAll
    static void generate() {
        video = TestMedia.video(dir);
    }

    @Test
    void redImageHasARedBackgroundAndATinyPlaceholder() {
        Path red = TestMedia.redPng(dir);
        VisualSummary.Summary summary = summarise(red, "task_vs01");
        String bg = summary.background();
        assertTrue(bg.matches("#[0-9A-F]{6}"), bg);
        assertEquals(255, Integer.parseInt(bg.substring(1, 3), 16), TOLERANCE, bg);
        assertEquals(0, Integer.parseInt(bg.substring(3, 5), 16), TOLERANCE, bg);
        assertEquals(0, Integer.parseInt(bg.substring(5, 7), 16), TOLERANCE, bg);
        assertPlaceholder(summary.placeholder());
    }

    @Test
    void videoSummaryComesFromAFrame() {
        VisualSummary.Summary summary = summarise(video, "task_vs02");
        assertPlaceholder(summary.placeholder());
        assertTrue(summary.background().matches("#[0-9A-F]{6}"), summary.background());
    }

    @Test
    void audioHasNoSummary() {
        Path mp3 = TestMedia.mp3(dir);
        assertEquals(VisualSummary.Summary.NONE, summarise(mp3, "task_vs03"));
    }

    @Test
    void videoWhoseFramesDoNotDecodeIsUnsupported() {
        Path broken = TestMedia.undecodable(video, dir);
        ProbeResult probe = Ffprobe.probe(broken, "task_vs04");
        SmidgenException e = assertThrows(
                SmidgenException.class, () -> VisualSummary.of(MediaInput.file(broken), probe, "task_vs04"));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, e.code());
    }

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
        return new ProbeResult(
                kind,
                "video/mp4",
                "mp4",
                "mp4",
                "h264",
                null,
                640,
                360,
                duration,
                25.0,
                1000L,
                1000,
                0,
                "landscape",
                kind == Kind.VIDEO,
                false,
                false,
                false,
                null);
    }

    private static VisualSummary.Summary summarise(Path file, String context) {
        return VisualSummary.of(MediaInput.file(file), Ffprobe.probe(file, context), context);
    }

    private static void assertPlaceholder(String uri) {
        assertTrue(uri.startsWith("data:image/webp;base64,"), uri);
        assertTrue(uri.length() <= 1024, uri.length() + " chars");
        byte[] webp = Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
        assertEquals("RIFF", new String(webp, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("WEBP", new String(webp, 8, 4, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
