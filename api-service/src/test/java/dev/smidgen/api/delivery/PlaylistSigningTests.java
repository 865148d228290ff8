package dev.smidgen.api.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlaylistSigningTests {
    private static final String Q = "expiry=1767229200&method=get&signature=abc";

    @Test
    void everyRelativeUriOfAMasterPlaylistCarriesTheSignature() {
        String master = """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="audio",DEFAULT=YES,URI="audio/index.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=3000000,CODECS="avc1.64001f,mp4a.40.2",AUDIO="audio"
                720p/index.m3u8
                """;
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="audio",DEFAULT=YES,URI="audio/index.m3u8?%1$s"
                #EXT-X-STREAM-INF:BANDWIDTH=3000000,CODECS="avc1.64001f,mp4a.40.2",AUDIO="audio"
                720p/index.m3u8?%1$s
                """.formatted(Q), PlaylistSigning.rewrite(master, Q));
    }

    @Test
    void aMediaPlaylistsInitAndSegmentsAreSignedAndForeignUrisLeftAlone() {
        String media = "#EXTM3U\r\n#EXT-X-MAP:URI=\"init_0.mp4\"\r\n#EXTINF:4.000000,\r\nseg_00000.m4s\r\n"
                + "#EXTINF:4.0,\r\nhttps://elsewhere.example/x.m4s\r\n#EXTINF:4.0,\r\nseg.m4s?a=1\r\n#EXT-X-ENDLIST";
        String out = PlaylistSigning.rewrite(media, Q);
        assertTrue(out.contains("#EXT-X-MAP:URI=\"init_0.mp4?" + Q + "\"\n"), out);
        assertTrue(out.contains("\nseg_00000.m4s?" + Q + "\n"), out);
        assertTrue(out.contains("\nhttps://elsewhere.example/x.m4s\n"), out);
        assertTrue(out.contains("\nseg.m4s?a=1&" + Q + "\n"), out);
        assertTrue(out.endsWith("#EXT-X-ENDLIST"), out);
    }

    @Test
    void packagePathsAreRecognisedStrictly() {
        PackagePath p =
                PackagePath.of("prj_abc/.hls/file_x1/720p/seg_00001.m4s").orElseThrow();
        assertEquals("prj_abc/.hls/file_x1/", p.prefix());
        assertEquals(".hls/file_x1/", p.relativePrefix());
        assertEquals("720p/seg_00001.m4s", p.name());
        assertEquals("prj_abc/.hls/file_x1/720p/seg_00001.m4s", p.key());
        assertEquals("video/iso.segment", p.mimeType());
        assertEquals(
                "application/vnd.apple.mpegurl",
                PackagePath.of("prj_abc/.hls/file_x1/master.m3u8").orElseThrow().mimeType());
        assertEquals(
                "audio/mp4",
                PackagePath.of("prj_abc/.hls/file_x1/audio/init_4.mp4")
                        .orElseThrow()
                        .mimeType());
        for (String not : new String[] {
            "prj_abc/.hls/file_x1/../x.m3u8", "prj_abc/.hls/file_x1/a/b/c.m4s", "prj_abc/hls/file_x1/master.m3u8",
            "prj_abc/.hls/file_x1/master.txt", "prj_abc/.hls/file_x1/", "prj_abc/.hls/med_x/master.m3u8"
        }) {
            assertEquals(Optional.empty(), PackagePath.of(not), not);
        }
    }
}
