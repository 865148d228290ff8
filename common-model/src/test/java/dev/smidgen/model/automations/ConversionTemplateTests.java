package dev.smidgen.model.automations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.OutputFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConversionTemplateTests {
    @Test
    void readsEveryOption() {
        List<ConversionTemplate> templates = ConversionTemplate.parseList(
                List.of(
                        Map.of(
                                "kind", "video", "format", "mp4", "width", 1280, "height", 720, "quality", 0.7, "label",
                                "hd"),
                        Map.of("kind", "image", "format", "jpg", "start", 2.5, "label", "poster"),
                        Map.of("kind", "audio", "format", "mp3", "quality", 1)),
                "tasks");
        assertEquals(
                new ConversionTemplate(Kind.VIDEO, OutputFormat.MP4, 1280, 720, 0.7, null, "hd"), templates.get(0));
        assertEquals(
                new ConversionTemplate(Kind.IMAGE, OutputFormat.JPEG, null, null, null, 2.5, "poster"),
                templates.get(1));
        assertEquals(
                new ConversionTemplate(Kind.AUDIO, OutputFormat.MP3, null, null, 1.0, null, null), templates.get(2));
    }

    @Test
    void roundTripsThroughItsJson() {
        ConversionTemplate t = new ConversionTemplate(Kind.VIDEO, OutputFormat.WEBM, 640, null, 0.5, null, "small");
        assertEquals(t, ConversionTemplate.parse(t.toJson(), "tasks[0]"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "video");
        json.put("format", "webm");
        json.put("width", 640);
        json.put("height", null);
        json.put("quality", 0.5);
        json.put("start", null);
        json.put("label", "small");
        assertEquals(json, t.toJson());
    }

    @Test
    void everyBadFieldIsNamedByItsPath() {
        assertField("tasks[0].kind", Map.of("format", "mp4"));
        assertField("tasks[0].kind", Map.of("kind", "document", "format", "pdf"));
        assertField("tasks[0].format", Map.of("kind", "video"));
        assertField("tasks[0].format", Map.of("kind", "video", "format", "mp3"));
        assertField("tasks[0].format", Map.of("kind", "audio", "format", "gif"));
        assertField("tasks[0].width", Map.of("kind", "video", "format", "mp4", "width", 0));
        assertField("tasks[0].width", Map.of("kind", "video", "format", "mp4", "width", 8193));
        assertField("tasks[0].width", Map.of("kind", "video", "format", "mp4", "width", 640.5));
        assertField("tasks[0].height", Map.of("kind", "video", "format", "mp4", "height", "720"));
        assertField("tasks[0].height", Map.of("kind", "video", "format", "mp4", "height", -1));
        assertField("tasks[0].quality", Map.of("kind", "video", "format", "mp4", "quality", 1.5));
        assertField("tasks[0].quality", Map.of("kind", "video", "format", "mp4", "quality", -0.1));
        assertField("tasks[0].quality", Map.of("kind", "video", "format", "mp4", "quality", "great"));
        assertField("tasks[0].start", Map.of("kind", "image", "format", "jpg", "start", -1));
        assertField("tasks[0].start", Map.of("kind", "image", "format", "jpg", "start", "5s"));
        assertField("tasks[0].codec", Map.of("kind", "video", "format", "mp4", "codec", "theora"));
        assertField("tasks[0].width", Map.of("kind", "video", "format", "mp4", "width", "half"));
        assertField("tasks[0].fit", Map.of("kind", "image", "format", "png", "fit", "stretch"));
        assertField("tasks[0].background", Map.of("kind", "image", "format", "png", "background", "#fff"));
        assertField("tasks[0].fps", Map.of("kind", "video", "format", "mp4", "fps", 0));
        assertField("tasks[0].bitrate", Map.of("kind", "audio", "format", "flac", "bitrate", 128000));
        assertField("tasks[0].end", Map.of("kind", "image", "format", "png", "end", 2));
        assertField("tasks[0].label", Map.of("kind", "video", "format", "mp4", "label", "Not A Label"));
        assertField("tasks[0].label", Map.of("kind", "video", "format", "mp4", "label", 5));
        assertField("tasks[0]", "mp4");
        assertField("tasks[0].width", Map.of("kind", "audio", "format", "mp3", "width", 640));
        assertField("tasks[0].height", Map.of("kind", "audio", "format", "mp3", "height", 360));
    }

    @Test
    void theMessageNamesTheNestedField() {
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> ConversionTemplate.parseList(
                        List.of(Map.of("kind", "video", "format", "mp4"), Map.of("kind", "video", "format", "flac")),
                        "tasks"));
        assertEquals("tasks[1].format", e.field());
        assertTrue(
                e.getMessage().startsWith("tasks[1].format for kind video must be one of mp4, webm, mov, avi"),
                e.getMessage());
    }

    @Test
    void oneToTenTemplates() {
        Map<String, Object> one = Map.of("kind", "image", "format", "png");
        List<Object> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(one);
        }
        assertEquals(10, ConversionTemplate.parseList(ten, "tasks").size());
        ten.add(one);
        assertEquals(
                "tasks",
                assertThrows(SmidgenException.class, () -> ConversionTemplate.parseList(ten, "tasks"))
                        .field());
        assertEquals(
                "tasks",
                assertThrows(SmidgenException.class, () -> ConversionTemplate.parseList(List.of(), "tasks"))
                        .field());
        assertEquals(
                "tasks",
                assertThrows(SmidgenException.class, () -> ConversionTemplate.parseList(null, "tasks"))
                        .field());
        assertEquals(
                "tasks",
                assertThrows(SmidgenException.class, () -> ConversionTemplate.parseList(one, "tasks"))
                        .field());
    }

    @Test
    void encodingOptionsReadAsInARequestAndKeepTheirShape() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "video");
        json.put("format", "mp4");
        json.put("width", "50%");
        json.put("height", 360);
        json.put("quality", "very_low");
        json.put("start", 1.5);
        json.put("label", null);
        json.put("codec", "h265");
        json.put("fit", "contain");
        json.put("position", "bottom_right");
        json.put("background", "#102030");
        json.put("fps", 24.0);
        json.put("bitrate", 1_000_000L);
        json.put("end", 3.0);
        ConversionTemplate t = ConversionTemplate.parse(json, "t");
        assertEquals(0.2, t.quality());
        assertEquals(null, t.width());
        assertEquals(50.0, t.encoding().widthPercent());
        assertEquals(json, t.toJson());
        assertEquals(t, ConversionTemplate.parse(t.toJson(), "t"));
        // A codec the container cannot hold is refused when the automation is written, as a request is.
        SmidgenException pair = assertThrows(
                SmidgenException.class,
                () -> ConversionTemplate.parseList(
                        List.of(Map.of("kind", "video", "format", "webm", "codec", "h265")), "tasks"));
        assertEquals(ErrorCode.CONVERSION_NOT_ALLOWED, pair.code());
        assertEquals("tasks[0].codec", pair.field());
    }

    @Test
    void extremesAreAllowed() {
        Map<String, Object> edge =
                new HashMap<>(Map.of("kind", "image", "format", "webp", "width", 1, "height", 8192, "quality", 0));
        assertEquals(
                new ConversionTemplate(Kind.IMAGE, OutputFormat.WEBP, 1, 8192, 0.0, null, null),
                ConversionTemplate.parse(edge, "t"));
        edge.put("width", 8192L);
        assertEquals(8192, ConversionTemplate.parse(edge, "t").width());
    }

    private static void assertField(String field, Object template) {
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> ConversionTemplate.parseList(List.of(template), "tasks"),
                String.valueOf(template));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals(field, e.field(), template + " → " + e.getMessage());
    }
}
