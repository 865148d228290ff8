package dev.smidgen.media.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTests {

    @Test
    void quotesOnlyWhatTheShellWouldChange() {
        assertEquals(
                "/opt/ffmpeg -i file:/in/a.mp4 -vf 'scale=w='\\''min(20,iw)'\\''' '' 'a b' pipe:1",
                CommandLine.render(List.of(
                        "/opt/ffmpeg", "-i", "file:/in/a.mp4", "-vf", "scale=w='min(20,iw)'", "", "a b", "pipe:1")));
    }
}
