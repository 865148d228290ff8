package dev.smidgen.catalog.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.SourceUrl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskPayloadsTests {
    private static final SourceUrl URL = SourceUrl.parse("https://example.com/clip.mp4");

    @Test
    void anIngestOfAUrlIsStoredInTheShapeRowsHaveAlwaysHad() {
        IngestInput input = new IngestInput(
                URL,
                null,
                null,
                "trips",
                "a.mp4",
                "Alps",
                "alps",
                "original",
                false,
                Map.of("trip", "alps"),
                null,
                null,
                null,
                null);
        assertEquals(
                "{\"url\":\"https://example.com/clip.mp4\",\"folder\":\"trips\",\"filename\":\"a.mp4\",\"title\":\"Alps\","
                        + "\"alias\":\"alps\",\"label\":\"original\",\"overwrite\":false,\"metadata\":{\"trip\":\"alps\"}}",
                TaskPayloads.toJson(input));
        assertEquals(input, TaskPayloads.fromJson(TaskPayloads.toJson(input), IngestInput.class));
    }

    @Test
    void anUploadsIngestKeepsItsConditionsAsTheSessionStoredThem() {
        Map<String, Object> conditions =
                Map.of("operator", "&&", "rules", List.of(Map.of("key", "kind", "operator", "==", "value", "video")));
        IngestInput input = new IngestInput(
                null,
                "upl_abc",
                "prj_x/.uploads/upl_abc",
                null,
                null,
                null,
                null,
                null,
                true,
                Map.of(),
                conditions,
                "Holiday.mp4",
                "a".repeat(64),
                null);
        Map<String, Object> row = TaskPayloads.toMap(input);
        assertEquals(
                List.of("upload", "staged_key", "overwrite", "metadata", "conditions", "original_filename", "sha256"),
                List.copyOf(row.keySet()),
                "absent fields are not stored, the rest in the order rows always had");
        assertEquals(conditions, row.get("conditions"));
        assertEquals(input, TaskPayloads.fromMap(row, IngestInput.class));
    }

    @Test
    void theIngestBehindAConversionStoresOnlyItsUrl() {
        assertEquals(Map.of("url", URL.toString()), TaskPayloads.toMap(IngestInput.ofUrl(URL)));
        assertFalse(TaskPayloads.fromMap(Map.of("url", URL.toString()), IngestInput.class)
                .overwrites());
    }

    @Test
    void aRowAsTheApiWroteItBeforeTheRecordsReads() {
        // As IngestRequest and UploadCompletion put it together field by field, and jsonb gives it back.
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("url", "https://example.com/clip.mp4");
        row.put("overwrite", true);
        row.put("metadata", Map.of("n", 1, "f", 1.5, "list", List.of("a")));
        row.put("some_future_field", "ignored");
        IngestInput input = TaskPayloads.fromMap(row, IngestInput.class);
        assertEquals(URL, input.url());
        assertTrue(input.overwrites());
        assertEquals(Map.of("n", 1, "f", 1.5, "list", List.of("a")), input.metadata());
        assertNull(input.folder(), "a missing field is null");
    }

    @Test
    void aConversionKeepsItsNullSizesAndLabelButNoUnaskedStart() {
        ConversionOptions options = new ConversionOptions("mp4", null, null, 0.8, null, null);
        assertEquals(
                "{\"format\":\"mp4\",\"width\":null,\"height\":null,\"quality\":0.8,\"label\":null}",
                TaskPayloads.toJson(options));
        ConversionOptions image = new ConversionOptions("jpg", 640, 360, 1.0, 2.5, "poster");
        assertEquals(
                "{\"format\":\"jpg\",\"width\":640,\"height\":360,\"quality\":1.0,\"start\":2.5,\"label\":\"poster\"}",
                TaskPayloads.toJson(image));
        assertEquals(image, TaskPayloads.fromJson(TaskPayloads.toJson(image), ConversionOptions.class));
    }

    @Test
    void wholeNumbersReadAsTheQualityTheyMean() {
        ConversionOptions options =
                TaskPayloads.fromMap(Map.of("format", "mp3", "quality", 1L), ConversionOptions.class);
        assertEquals(1.0, options.quality());
    }

    @Test
    void aConversionInputNamesItsFileOnceItsUrlIsIngested() {
        ConversionInput waiting = new ConversionInput("auto_1", URL, null, null);
        assertEquals(
                "{\"automation_id\":\"auto_1\",\"url\":\"https://example.com/clip.mp4\"}",
                TaskPayloads.toJson(waiting));
        ConversionInput aimed = waiting.withFile("file_1", "med_1");
        assertEquals(
                "{\"automation_id\":\"auto_1\",\"url\":\"https://example.com/clip.mp4\",\"file_id\":\"file_1\",\"media_id\":\"med_1\"}",
                TaskPayloads.toJson(aimed));
        assertEquals(aimed, TaskPayloads.fromJson(TaskPayloads.toJson(aimed), ConversionInput.class));
        assertEquals(Map.of(), TaskPayloads.toMap(new ConversionInput(null, null, null, null)));
    }

    @Test
    void anEmptyOrMissingColumnIsAllNulls() {
        assertEquals(new ConversionInput(null, null, null, null), TaskPayloads.fromMap(null, ConversionInput.class));
        assertEquals(
                new ConversionOptions(null, null, null, null, null, null),
                TaskPayloads.fromMap(Map.of(), ConversionOptions.class));
    }

    @Test
    void aStoredUrlIsCheckedAsItIsReadAndFailsAsTheRequestWould() {
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> TaskPayloads.fromMap(Map.of("url", "ftp://example.com/a"), IngestInput.class));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("url", e.field());
    }

    @Test
    void aFieldOfTheWrongShapeIsAnInternalFailureNotARetry() {
        SmidgenException e = assertThrows(
                SmidgenException.class, () -> TaskPayloads.fromMap(Map.of("width", "wide"), ConversionOptions.class));
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().startsWith("The task's ConversionOptions cannot be read"), e.getMessage());
    }
}
