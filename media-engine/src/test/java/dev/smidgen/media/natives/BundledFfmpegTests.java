package dev.smidgen.media.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Installing the bundled Linux FFmpeg into a directory of its own. */
@EnabledOnOs(OS.LINUX)
class BundledFfmpegTests {
    @TempDir
    Path root;

    @Test
    void installsTheExecutablesWithTheLibrariesTheyLoadAndNoJniWrappers() throws IOException {
        Path dir = BundledFfmpeg.install(root, Loader.getPlatform());

        List<String> names = names(dir);
        assertTrue(
                names.containsAll(List.of(
                        "ffmpeg",
                        "ffprobe",
                        "libavcodec.so.62",
                        "libavdevice.so.62",
                        "libavformat.so.62",
                        "libavfilter.so.11",
                        "libavutil.so.60",
                        "libswscale.so.9",
                        "libswresample.so.6",
                        "libva.so.2",
                        "libdrm.so.2")),
                names.toString());
        assertTrue(names.stream().noneMatch(name -> name.startsWith("libjni")), names.toString());
        assertTrue(Files.isExecutable(dir.resolve("ffmpeg")) && Files.isExecutable(dir.resolve("ffprobe")));
        assertEquals(List.of(dir.getFileName().toString()), names(dir.getParent()), "no staging directory left behind");
    }

    /** Even where the device libraries are installed (a desktop, CI) the loader is not asked for them. */
    @Test
    void theExecutablesLoadNoDeviceLibrary() throws Exception {
        Path dir = BundledFfmpeg.install(root, Loader.getPlatform());

        for (String tool : List.of("ffmpeg", "ffprobe")) {
            // LD_TRACE_LOADED_OBJECTS makes the dynamic loader list what it would load, as ldd does.
            ProcessBuilder builder = new ProcessBuilder(dir.resolve(tool).toString()).redirectErrorStream(true);
            builder.environment().put("LD_TRACE_LOADED_OBJECTS", "1");
            builder.environment().put("LD_LIBRARY_PATH", dir.toString());
            Process process = builder.start();
            String loaded = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), loaded);
            assertTrue(loaded.contains("libavdevice.so.62 => " + dir), loaded);
            for (String device : OptionalLibraryUnlinker.DEVICE_LIBRARIES) {
                assertTrue(!loaded.contains(device), tool + " still loads " + device + ":\n" + loaded);
            }
        }
    }

    @Test
    void reusesAnInstallationAndRacesSafely() throws Exception {
        List<CompletableFuture<Path>> racers = Stream.<CompletableFuture<Path>>generate(() ->
                        CompletableFuture.supplyAsync(() -> {
                            try {
                                return BundledFfmpeg.install(root, Loader.getPlatform());
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        }))
                .limit(3)
                .toList();
        Path dir = racers.get(0).get();
        for (CompletableFuture<Path> racer : racers) {
            assertEquals(dir, racer.get());
        }
        FileTime installed = Files.getLastModifiedTime(dir.resolve("libavcodec.so.62"));

        assertEquals(dir, BundledFfmpeg.install(root, Loader.getPlatform()));

        assertEquals(installed, Files.getLastModifiedTime(dir.resolve("libavcodec.so.62")), "copied again");
        assertEquals(List.of(dir.getFileName().toString()), names(dir.getParent()), "no staging directory left behind");
    }

    @Test
    void namesTheFixForAPlatformWithoutNatives() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(
                IOException.class, () -> BundledFfmpeg.install(root, "linux-riscv64"));

        assertTrue(
                e.getMessage().contains("no FFmpeg for linux-riscv64")
                        && e.getMessage().contains("rebuild on this machine"),
                e.getMessage());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
