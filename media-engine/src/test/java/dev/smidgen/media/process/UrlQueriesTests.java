package dev.smidgen.media.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlQueriesTests {
    private static final String QUERY = "X-Amz-Credential=AKIA%2F20260101&X-Amz-Signature=abc123";
    private static final String URL = "https://s3.example.com/smidgen/prj_1/a.mp4?" + QUERY;

    @Test
    void queryStringsOfUrlArgumentsAreRedacted() {
        List<String> command = List.of("/opt/ffmpeg/ffprobe", "-v", "warning", "-i", URL, "file:/tmp/out?.png");
        UrlQueries queries = UrlQueries.in(command);
        assertEquals(
                List.of(
                        "/opt/ffmpeg/ffprobe",
                        "-v",
                        "warning",
                        "-i",
                        "https://s3.example.com/smidgen/prj_1/a.mp4?<redacted>",
                        "file:/tmp/out?.png"),
                queries.redact(command));
    }

    @Test
    void stderrRepeatingTheUrlIsRedactedToo() {
        UrlQueries queries = UrlQueries.in(List.of("-i", URL));
        assertEquals(
                "[in#0 @ 0x1] Error opening input: Server returned 403 Forbidden\n"
                        + "Error opening input file https://s3.example.com/smidgen/prj_1/a.mp4?<redacted>.",
                queries.redact("[in#0 @ 0x1] Error opening input: Server returned 403 Forbidden\n"
                        + "Error opening input file " + URL + "."));
    }

    @Test
    void commandsWithoutUrlsAreLeftAlone() {
        List<String> command = List.of("-i", "file:/work/in.mp4", "-f", "null", "-");
        assertSame(command, UrlQueries.in(command).redact(command));
        assertEquals("what?", UrlQueries.in(List.of("HTTP://host/x?")).redact("what?"));
    }
}
