package dev.smidgen.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HlsPackagesTests {
    @Test
    void aPackageLivesUnderItsFilesIdOutsideEveryUserFolder() {
        assertEquals("prj_a/.hls/file_b/", HlsPackages.prefix("prj_a", "file_b"));
    }

    @Test
    void theMasterPlaylistIsStoredLastSoThatItNeverNamesAMissingObject() {
        List<String> files = List.of(
                "360p/index.m3u8",
                "360p/init_1.mp4",
                "360p/seg_00000.m4s",
                "720p/index.m3u8",
                "720p/init_0.mp4",
                "720p/seg_00000.m4s",
                "audio/index.m3u8",
                "audio/init_2.mp4",
                "audio/seg_00000.m4s",
                "master.m3u8");
        List<String> order = HlsPackages.publishingOrder(files);
        assertEquals(files.size(), order.size());
        assertEquals("master.m3u8", order.get(order.size() - 1));
        // Every media playlist after every segment and init segment.
        int firstPlaylist = order.indexOf("360p/index.m3u8");
        for (int i = 0; i < firstPlaylist; i++) {
            assertEquals(false, order.get(i).endsWith(".m3u8"), order.toString());
        }
        for (int i = firstPlaylist; i < order.size(); i++) {
            assertEquals(true, order.get(i).endsWith(".m3u8"), order.toString());
        }
    }

    @Test
    void typesFollowTheNames() {
        assertEquals("application/vnd.apple.mpegurl", HlsPackages.mimeType("master.m3u8"));
        assertEquals("video/iso.segment", HlsPackages.mimeType("720p/seg_00001.m4s"));
        assertEquals("video/mp4", HlsPackages.mimeType("720p/init_0.mp4"));
        assertEquals("audio/mp4", HlsPackages.mimeType("audio/init_4.mp4"));
    }
}
