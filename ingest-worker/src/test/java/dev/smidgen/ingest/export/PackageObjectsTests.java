package dev.smidgen.ingest.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PackageObjectsTests {
    private static final String PREFIX = "prj_x/hls/file_1/";
    private static final String ENTRY = PREFIX + "master.m3u8";

    @Test
    void theEntryPointGoesToTheNamedKeyAndTheRestBesideIt() {
        assertEquals("dir/video.m3u8", PackageObjects.targetOf(ENTRY, PREFIX, ENTRY, "dir/video.m3u8"));
        assertEquals(
                "dir/720p/index.m3u8",
                PackageObjects.targetOf(PREFIX + "720p/index.m3u8", PREFIX, ENTRY, "dir/video.m3u8"));
        assertEquals("seg_001.m4s", PackageObjects.targetOf(PREFIX + "seg_001.m4s", PREFIX, ENTRY, "master.m3u8"));
    }

    @Test
    void refusesObjectsOutsideThePackage() {
        assertThrows(
                IllegalArgumentException.class,
                () -> PackageObjects.targetOf("prj_x/other.mp4", PREFIX, ENTRY, "d/m.m3u8"));
    }

    @Test
    void typesObjectsByExtension() {
        assertEquals("application/vnd.apple.mpegurl", PackageObjects.contentType("a/master.m3u8"));
        assertEquals("video/iso.segment", PackageObjects.contentType("a/seg.M4S"));
        assertEquals("application/octet-stream", PackageObjects.contentType("a/README"));
    }
}
