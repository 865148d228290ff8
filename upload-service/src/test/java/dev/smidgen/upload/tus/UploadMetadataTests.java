package dev.smidgen.upload.tus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadMetadataTests {
    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsPairsAsTusJsClientSendsThem() {
        UploadMetadata m = UploadMetadata.parse(
                "filename " + b64("intro.mp4") + ",filetype " + b64("video/mp4") + ",is_confidential");
        assertEquals(Map.of("filename", "intro.mp4", "filetype", "video/mp4", "is_confidential", ""), m.values());
        assertEquals("intro.mp4", m.filename());
        assertEquals("video/mp4", m.filetype());
    }

    @Test
    void acceptsSpacesAroundPairsUnpaddedBase64AndUnicode() {
        String name = "übersicht – 夏.mov";
        String unpadded = b64(name).replace("=", "");
        UploadMetadata m = UploadMetadata.parse("  filename " + unpadded + " , other " + b64("x") + " ");
        assertEquals(name, m.filename());
        assertEquals("x", m.values().get("other"));
    }

    @Test
    void absentOrBlankHeaderIsNoMetadata() {
        assertTrue(UploadMetadata.parse(null).values().isEmpty());
        assertTrue(UploadMetadata.parse("   ").values().isEmpty());
        assertNull(UploadMetadata.parse(null).filename());
    }

    @Test
    void keyWithoutValueIsEmpty() {
        assertEquals("", UploadMetadata.parse("filename").values().get("filename"));
        assertNull(UploadMetadata.parse("filename").filename());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "filename aW50cm8=,", // trailing comma: an empty pair
                ",filename aW50cm8=",
                "filename aW50cm8=,,x eA==",
                "filename a b", // three parts
                "filename  aW50cm8=", // two spaces: an empty value then a third part
                "filename not*base64",
                "filename aW50cm8=,filename eA==", // a key twice
                "fil\u00e9name eA==", // non-ASCII key
                "file\tname eA==", // control character in the key
                "bad /w==", // base64 of 0xFF: not UTF-8
            })
    void refusesHostileOrBrokenHeadersWhole(String header) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> UploadMetadata.parse(header));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("Upload-Metadata", e.field());
    }

    @Test
    void refusesOversizedHeadersAndTooManyPairsUnread() {
        assertThrows(
                SmidgenException.class,
                () -> UploadMetadata.parse("a " + "A".repeat(UploadMetadata.MAX_HEADER_LENGTH)));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= UploadMetadata.MAX_PAIRS; i++) {
            many.append(i == 0 ? "" : ",").append("k").append(i).append(' ').append(b64("v"));
        }
        assertThrows(SmidgenException.class, () -> UploadMetadata.parse(many.toString()));
    }

    @Test
    void filenameDropsPathsAndRefusesUnusableNames() {
        assertEquals(
                "passwd",
                UploadMetadata.parse("filename " + b64("../../etc/passwd")).filename());
        assertEquals(
                "clip.mp4",
                UploadMetadata.parse("filename " + b64("C:\\Users\\me\\clip.mp4"))
                        .filename());
        assertNull(UploadMetadata.parse("filename " + b64("..")).filename());
        assertNull(UploadMetadata.parse("filename " + b64("dir/")).filename());
        assertNull(UploadMetadata.parse("filename " + b64("a\nb.mp4")).filename());
        assertNull(UploadMetadata.parse("filename " + b64("x".repeat(256))).filename());
        assertNull(UploadMetadata.parse("filename " + b64("   ")).filename());
        assertEquals("uppy.mp4", UploadMetadata.parse("name " + b64("uppy.mp4")).filename());
    }

    @Test
    void filetypeMustLookLikeAMimeType() {
        assertNull(UploadMetadata.parse("filetype " + b64("video/mp4\r\nX-Evil: 1"))
                .filetype());
        assertNull(UploadMetadata.parse("filetype " + b64("mp4")).filetype());
        assertEquals(
                "image/svg+xml",
                UploadMetadata.parse("filetype " + b64("image/svg+xml")).filetype());
        assertEquals(
                "audio/mpeg", UploadMetadata.parse("type " + b64("audio/mpeg")).filetype());
    }
}
