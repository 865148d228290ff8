package dev.smidgen.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.StoryboardOptions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TranscodeJobTests {
    @Test
    void readsWhatConversionTasksWrote() {
        TaskEntity task = task(
                TaskKind.VIDEO,
                Map.of("format", "webm", "width", 640, "height", 360, "quality", 0.5, "label", "small"));
        TranscodeJob job = TranscodeJob.of(task);
        assertEquals(
                new TranscodeJob("file_input", OutputFormat.WEBM, 640, 360, 0.5, null, "small", EncodingOptions.NONE),
                job);
        assertEquals("file_out.webm", job.filename("file_out"));
    }

    @Test
    void jsonNumbersOfAnyTypeAndAudioWithoutSize() {
        Map<String, Object> options = new HashMap<>(Map.of("format", "mp3", "quality", 1L, "label", "audio-mp3"));
        options.put("width", null);
        TranscodeJob job = TranscodeJob.of(task(TaskKind.AUDIO, options));
        assertNull(job.width());
        assertEquals(1.0, job.quality());
        assertEquals(OutputFormat.MP3, job.format());
    }

    @Test
    void aThumbnailsTaskReadsItsSheetFormatTileAndGrid() {
        TranscodeJob job = TranscodeJob.of(task(
                TaskKind.THUMBNAILS,
                Map.of(
                        "format",
                        "webp",
                        "width",
                        160,
                        "height",
                        90,
                        "quality",
                        0.8,
                        "label",
                        "thumbnails",
                        "interval",
                        2.5,
                        "columns",
                        4,
                        "rows",
                        3)));
        assertEquals(OutputFormat.WEBP, job.format());
        assertEquals(new StoryboardOptions(2.5, 4, 3), job.storyboard());
        assertEquals(true, job.isStoryboard());
        assertEquals(
                false,
                TranscodeJob.of(task(TaskKind.IMAGE, Map.of("format", "webp", "quality", 0.8)))
                        .isStoryboard());
        // Sheets are jpeg or webp only: a row saying otherwise is not retried.
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> TranscodeJob.of(task(TaskKind.THUMBNAILS, Map.of("format", "png", "quality", 0.8))));
        assertEquals(ErrorCode.INTERNAL, e.code());
    }

    @Test
    void anUnreadableRowIsAPermanentInternalFailure() {
        SmidgenException e = assertThrows(
                SmidgenException.class, () -> TranscodeJob.of(task(TaskKind.VIDEO, Map.of("format", "mp3"))));
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertEquals(false, e.isTransient());
    }

    private static TaskEntity task(TaskKind kind, Map<String, Object> options) {
        TaskEntity task = new TaskEntity();
        task.id = "task_test";
        task.kind = kind;
        task.input.put("file_id", "file_input");
        task.options.putAll(options);
        return task;
    }
}
