package dev.smidgen.media.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryCeilingTests {
    private static final List<String> COMMAND = List.of("/opt/ffmpeg", "-i", "file:a b;$(rm).mp4", "out.webm");

    @Test
    void theShellSetsTheLimitAndExecsTheCommandWithoutParsingIt() {
        List<String> wrapped = MemoryCeiling.wrap(COMMAND, 3L << 30, true);
        assertEquals(
                List.of("/bin/sh", "-c", "ulimit -v 3145728; exec \"$0\" \"$@\"", "/opt/ffmpeg"),
                wrapped.subList(0, 4));
        assertEquals(COMMAND, wrapped.subList(3, wrapped.size()));
    }

    @Test
    void noLimitOrNoShellRunsTheCommandAsItIs() {
        assertEquals(COMMAND, MemoryCeiling.wrap(COMMAND, 0, true));
        assertEquals(COMMAND, MemoryCeiling.wrap(COMMAND, 1L << 30, false));
    }

    @Test
    void allocationFailuresOfFfmpegAndItsEncodersAreRecognised() {
        assertTrue(MemoryCeiling.allocationFailed(
                "[libvpx-vp9 @ 0x5] Failed to initialize encoder: Memory allocation error"));
        assertTrue(MemoryCeiling.allocationFailed(
                "[vf#0:0 @ 0x5] pthread_create() failed: Resource temporarily unavailable"));
        assertTrue(MemoryCeiling.allocationFailed("Error while filtering: Cannot allocate memory"));
        assertTrue(MemoryCeiling.allocationFailed("terminate called after throwing an instance of 'std::bad_alloc'"));
        assertFalse(MemoryCeiling.allocationFailed("in.mp4: Invalid data found when processing input"));
        assertFalse(MemoryCeiling.allocationFailed(null));
    }
}
