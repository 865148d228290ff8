package dev.smidgen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory of already extracted binaries (SMIDGEN_FFMPEG_DIR, as the container images set it). */
class FfmpegBinariesTests {

    @Test
    void takesTheExecutablesFromAnExtractedDirectory() throws IOException {
        Path extracted = FfmpegBinaries.get().libraryDirectory();

        FfmpegBinaries fromDir = FfmpegBinaries.fromDirectory(extracted);

        assertEquals(extracted.resolve("ffmpeg"), fromDir.ffmpeg());
        assertEquals(extracted.resolve("ffprobe"), fromDir.ffprobe());
        assertEquals(extracted, fromDir.libraryDirectory());
        assertTrue(Files.isExecutable(fromDir.ffprobe()));
    }

    @Test
    void refusesADirectoryWithoutThem(@TempDir Path empty) throws IOException {
        Files.writeString(empty.resolve("ffmpeg"), "#!/bin/sh\n");

        IOException e = assertThrows(IOException.class, () -> FfmpegBinaries.fromDirectory(empty));

        assertTrue(e.getMessage().contains("ffprobe does not exist"), e.getMessage());
    }
}
