package dev.smidgen.api.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrackSigningTests {
    private static final String Q = "expiry=1767229200&method=get&signature=abc";

    @Test
    void everyCuesSheetCarriesTheSignatureBeforeItsFragment() {
        String vtt = """
                WEBVTT

                00:00:00.000 --> 00:00:01.000
                sheet-000.jpg#xywh=0,0,160,90

                cue-2
                00:00:01.000 --> 00:00:01.500
                sheet-001.jpg#xywh=160,0,160,90
                """;
        assertEquals("""
                WEBVTT

                00:00:00.000 --> 00:00:01.000
                sheet-000.jpg?%1$s#xywh=0,0,160,90

                cue-2
                00:00:01.000 --> 00:00:01.500
                sheet-001.jpg?%1$s#xywh=160,0,160,90
                """.formatted(Q), TrackSigning.rewrite(vtt, Q));
    }

    @Test
    void foreignUrlsNotesAndHeadersAreLeftAlone() {
        String vtt = "WEBVTT\r\n\r\nNOTE made by smidgen\r\n\r\n00:00:00.000 --> 00:00:01.000\r\n"
                + "https://elsewhere.example/s.jpg#xywh=0,0,1,1\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n"
                + "/abs/s.jpg#xywh=0,0,1,1\r\n\r\n00:00:02.000 --> 00:00:03.000\r\nsheet-000.jpg?v=1#xywh=1,1,1,1";
        String out = TrackSigning.rewrite(vtt, Q);
        assertTrue(out.startsWith("WEBVTT\n\nNOTE made by smidgen\n\n"), out);
        assertTrue(out.contains("\nhttps://elsewhere.example/s.jpg#xywh=0,0,1,1\n"), out);
        assertTrue(out.contains("\n/abs/s.jpg#xywh=0,0,1,1\n"), out);
        assertTrue(out.endsWith("\nsheet-000.jpg?v=1&" + Q + "#xywh=1,1,1,1"), out);
    }

    @Test
    void storyboardPathsAreThoseOfATrackAndItsSheets() {
        PackagePath vtt =
                PackagePath.of("prj_a1/.thumbnails/file_b2/thumbnails.vtt").orElseThrow();
        assertEquals("prj_a1/.thumbnails/file_b2/", vtt.prefix());
        assertEquals(".thumbnails/file_b2/", vtt.relativePrefix());
        assertEquals("text/vtt", vtt.mimeType());
        assertTrue(vtt.isTrack());
        assertEquals(
                "image/jpeg",
                PackagePath.of("prj_a1/.thumbnails/file_b2/sheet-012.jpg")
                        .orElseThrow()
                        .mimeType());
        assertEquals(
                "image/webp",
                PackagePath.of("prj_a1/.thumbnails/file_b2/sheet-1000.webp")
                        .orElseThrow()
                        .mimeType());
        for (String other : new String[] {
            "prj_a1/.thumbnails/file_b2/other.vtt",
            "prj_a1/.thumbnails/file_b2/sheet-000.png",
            "prj_a1/.thumbnails/file_b2/sub/sheet-000.jpg",
            "prj_a1/.thumbnails/file_b2/master.m3u8",
            "prj_a1/.hls/file_b2/sheet-000.jpg"
        }) {
            assertEquals(Optional.empty(), PackagePath.of(other), other);
        }
    }
}
