package dev.smidgen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.probe.Demuxer;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaInputTests {
    private static final String PRESIGNED = "http://127.0.0.1:9000/smidgen/prj_1/clips/a.mp4"
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Signature=0123456789abcdef";

    @Test
    void aLocalFileIsReadThroughTheFileProtocolOnly(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("a.mp4"), new byte[42]);
        MediaInput input = MediaInput.file(file);
        assertEquals("file:" + file.toAbsolutePath(), input.ffmpegInput());
        assertEquals(
                List.of("-protocol_whitelist", "file", "-format_whitelist", Demuxer.formatWhitelist()),
                input.inputOptions());
        assertEquals("error", input.logLevel());
        assertEquals(42, input.size());
        assertFalse(input.isRemote());
    }

    @Test
    void aMissingLocalFileHasNoSize(@TempDir Path dir) {
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> MediaInput.file(dir.resolve("gone.mp4")).size());
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertFalse(e.getMessage().contains(dir.toString()), "no server paths in client messages: " + e.getMessage());
    }

    @Test
    void aStoreUrlMayUseTheNetworkProtocolsAndNothingElse() {
        MediaInput input = MediaInput.storeUrl(PRESIGNED, 1234);
        assertEquals(PRESIGNED, input.ffmpegInput());
        List<String> options = input.inputOptions();
        assertEquals("http,https,tcp,tls", options.get(options.indexOf("-protocol_whitelist") + 1));
        assertEquals(Demuxer.formatWhitelist(), options.get(options.indexOf("-format_whitelist") + 1));
        assertFalse(options.contains("file"), "a store URL's run may not read local files: " + options);
        // A lost connection is resumed with a Range request instead of passing for the end of the medium.
        assertEquals("1", options.get(options.indexOf("-reconnect") + 1));
        assertTrue(options.contains("-rw_timeout"), options.toString());
        assertEquals("warning", input.logLevel());
        assertEquals(1234, input.size());
        assertTrue(input.isRemote());
    }

    @Test
    void aStoreUrlPrintsWithoutItsCredentials() {
        String printed = MediaInput.storeUrl(PRESIGNED, 1).toString();
        assertEquals("http://127.0.0.1:9000/smidgen/prj_1/clips/a.mp4?<redacted>", printed);
        assertEquals(
                "https://s3.example.com/b/k",
                MediaInput.storeUrl("https://s3.example.com/b/k", 1).toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "file:/etc/passwd",
                "/var/lib/smidgen/a.mp4",
                "ftp://example.com/a.mp4",
                "concat:a|b",
                "http:///no-host",
                "not a url at all"
            })
    void anythingButAnHttpUrlIsNoStoreUrl(String location) {
        assertThrows(IllegalArgumentException.class, () -> MediaInput.storeUrl(location, 1));
    }

    @Test
    void aRefusedUrlIsNamedWithoutItsQuery() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> MediaInput.storeUrl("ftp://example.com/a.mp4?X-Amz-Signature=secret", 1));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
}
