package dev.smidgen.media.transcode.storyboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.testing.TestMedia;
import dev.smidgen.media.transcode.TranscodeResources;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.OutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Makes storyboards of generated video with the bundled ffmpeg and probes the sheets. */
class StoryboarderTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path media;

    static Path video;

    private final Storyboarder storyboarder = new Storyboarder(
            FfmpegRunner.shared(), new TranscodeResources(2, TranscodeResources.DEFAULT_MEMORY_LIMIT_BYTES));

    @BeforeAll
    static void generate() {
        video = TestMedia.video(media, "board", 640, 360, 7, true);
    }

    @Test
    void sheetsHoldExactlyTheThumbnailsTheTrackNames(@TempDir Path out) throws IOException {
        // 7 s at 0.5 s: 14 thumbnails in 4×3 sheets, the second sheet holding 2.
        StoryboardSpec spec = new StoryboardSpec(OutputFormat.JPEG, 0.5, 7.0, 160, 90, 4, 3, 0.8);
        Storyboard board = storyboarder.run(MediaInput.file(video), out, spec, TIMEOUT, null, "test");

        assertEquals(List.of("sheet-000.jpg", "sheet-001.jpg", "thumbnails.vtt"), board.files());
        assertEquals(
                List.of(12, 2),
                board.sheets().stream().map(Storyboard.Sheet::tiles).toList());
        for (String sheet : List.of("sheet-000.jpg", "sheet-001.jpg")) {
            ProbeResult probe = Ffprobe.probe(MediaInput.file(out.resolve(sheet)), "test");
            assertEquals(640, probe.width(), sheet);
            assertEquals(270, probe.height(), sheet);
        }
        assertEquals(StoryboardVtt.write(spec), Files.readString(board.vtt()));
        long bytes;
        try (Stream<Path> files = Files.list(out)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertEquals(bytes, board.bytes());
    }

    @Test
    void webpSheetsAndAnIntervalLongerThanTheVideo(@TempDir Path out) throws IOException {
        StoryboardSpec spec = new StoryboardSpec(OutputFormat.WEBP, 60, 7.0, 100, 56, 10, 10, 0.8);
        Storyboard board = storyboarder.run(MediaInput.file(video), out, spec, TIMEOUT, null, "test");
        assertEquals(List.of("sheet-000.webp", "thumbnails.vtt"), board.files());
        ProbeResult probe = Ffprobe.probe(MediaInput.file(out.resolve("sheet-000.webp")), "test");
        assertEquals(100, probe.width());
        assertEquals(56, probe.height());
        assertTrue(Files.readString(board.vtt())
                .contains("00:00:00.000 --> 00:00:07.000\nsheet-000.webp#xywh=0,0,100,56"));
    }

    @Test
    void aVideoStreamShorterThanTheMediaStillGivesEveryCueATile(@TempDir Path out) {
        // The media says 12 s (audio outlasting the picture, say): the last frame is repeated into the cues.
        StoryboardSpec spec = new StoryboardSpec(OutputFormat.JPEG, 1, 12.0, 160, 90, 5, 5, 0.8);
        Storyboard board = storyboarder.run(MediaInput.file(video), out, spec, TIMEOUT, null, "test");
        assertEquals(12, board.sheets().get(0).tiles());
        assertEquals(List.of("sheet-000.jpg", "thumbnails.vtt"), board.files());
    }

    @Test
    void anInputWithoutPictureFailsAndLeavesNothing(@TempDir Path out) throws IOException {
        Path audio = TestMedia.mp3(media);
        StoryboardSpec spec = new StoryboardSpec(OutputFormat.JPEG, 1, 3.0, 160, 90, 10, 10, 0.8);
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> storyboarder.run(MediaInput.file(audio), out, spec, TIMEOUT, null, "test"));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, e.code(), e.getMessage());
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(0, left.count());
        }
    }
}
