package dev.smidgen.catalog.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.model.Kind;
import dev.smidgen.model.probe.ProbedFacts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileObjectsTests {
    private static ProbedFacts facts(Kind kind, String mime, String container, String codec, Boolean hasAudio) {
        return new ProbedFacts(
                kind,
                mime,
                container,
                codec,
                hasAudio,
                kind == Kind.AUDIO ? null : 1280,
                kind == Kind.AUDIO ? null : 720,
                12.5,
                null,
                null,
                4096L,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void aProbedVideoHasNoIdAndBothCodecs() {
        Map<String, Object> file = FileObjects.probed(
                facts(Kind.VIDEO, "video/mp4", "mp4", "h264", true), "aac", "https://example.com/a.mp4");

        assertFalse(file.containsKey("id"));
        assertEquals(
                List.of(
                        "object",
                        "kind",
                        "url",
                        "format",
                        "mime_type",
                        "width",
                        "height",
                        "duration",
                        "filesize",
                        "codecs"),
                List.copyOf(file.keySet()));
        assertEquals("file", file.get("object"));
        assertEquals("video", file.get("kind"));
        assertEquals("https://example.com/a.mp4", file.get("url"));
        assertEquals("mp4", file.get("format"));
        assertEquals("video/mp4", file.get("mime_type"));
        assertEquals(1280, file.get("width"));
        assertEquals(720, file.get("height"));
        assertEquals(12.5, file.get("duration"));
        assertEquals(4096L, file.get("filesize"));
        assertEquals(codecs("h264", "aac"), file.get("codecs"));
    }

    @Test
    void anAudioFilesCodecIsItsAudioCodec() {
        Map<String, Object> file =
                FileObjects.probed(facts(Kind.AUDIO, "audio/mpeg", "mp3", "mp3", true), null, "https://e.com/a.mp3");

        assertEquals("audio", file.get("kind"));
        assertEquals("mp3", file.get("format"));
        assertEquals(codecs(null, "mp3"), file.get("codecs"));
        assertEquals(null, file.get("width"));
    }

    @Test
    void aSilentVideoHasNoAudioCodecWhateverIsPassed() {
        Map<String, Object> file = FileObjects.probed(
                facts(Kind.VIDEO, "video/webm", "webm", "vp9", false), "opus", "https://e.com/a.webm");

        assertEquals(codecs("vp9", null), file.get("codecs"));
    }

    @Test
    void aStoredFileCarriesItsId() {
        FileEntity row = new FileEntity();
        row.id = "file_abc";
        row.kind = Kind.VIDEO;
        row.mimeType = "video/quicktime";
        row.container = "mov";
        row.codec = "prores";
        row.width = 640;
        row.height = 360;
        row.duration = 3.0;
        row.filesize = 99L;

        Map<String, Object> file = FileObjects.stored(row, "https://cdn.example.com/f.mov");

        assertEquals("file_abc", file.get("id"));
        assertEquals("mov", file.get("format"));
        assertEquals("https://cdn.example.com/f.mov", file.get("url"));
        assertEquals(codecs("prores", null), file.get("codecs"));
    }

    private static Map<String, Object> codecs(String video, String audio) {
        Map<String, Object> codecs = new HashMap<>();
        codecs.put("video", video);
        codecs.put("audio", audio);
        return codecs;
    }
}
