package dev.smidgen.media.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The ELF edits on the real libraries of the bundled Linux build. */
@EnabledOnOs(OS.LINUX)
class OptionalLibraryUnlinkerTests {
    private static final List<String> FFMPEG_LIBRARIES =
            List.of("libavfilter.so.11", "libavformat.so.62", "libavcodec.so.62", "libavutil.so.60");

    /** The hardware-acceleration libraries the x86_64 build bundles beside its FFmpeg libraries. */
    private static final Set<String> X86_64_BUNDLE = Set.of("libva.so.2", "libva-drm.so.2", "libdrm.so.2");

    @TempDir
    Path dir;

    @Test
    void dropsTheDeviceLibrariesAndKeepsTheRest() throws IOException {
        Path library = bundled("libavdevice.so.62");
        List<String> before = OptionalLibraryUnlinker.needed(library);
        assertTrue(
                before.contains("libxcb.so.1") && before.contains("libpulse.so.0"), "bundled build changed: " + before);

        OptionalLibraryUnlinker.Result result = OptionalLibraryUnlinker.unlink(library, X86_64_BUNDLE);

        List<String> after = OptionalLibraryUnlinker.needed(library);
        assertTrue(
                result.removed().containsAll(List.of("libxcb.so.1", "libxcb-shm.so.0", "libpulse.so.0")),
                result.toString());
        assertTrue(after.stream().noneMatch(OptionalLibraryUnlinker.DEVICE_LIBRARIES::contains), after.toString());
        assertTrue(after.containsAll(FFMPEG_LIBRARIES) && after.contains("libc.so.6"), after.toString());
        assertTrue(after.contains("libdrm.so.2"), "a bundled hardware library stays: " + after);
        assertEquals(before.size() - result.removed().size(), after.size());
        assertTrue(result.weakened() > 0);
    }

    @Test
    void leavesNoSymbolBoundToAVersionOfARemovedLibrary() throws IOException {
        Path library = bundled("libavdevice.so.62");

        OptionalLibraryUnlinker.unlink(library, X86_64_BUNDLE);

        try (ElfFile elf = ElfFile.open(library, false)) {
            Set<Integer> provided = new HashSet<>(Set.of(0, ElfFile.UNVERSIONED));
            for (ElfFile.VersionNeed need : elf.versionNeeds()) {
                assertFalse(OptionalLibraryUnlinker.DEVICE_LIBRARIES.contains(need.file()), need.file());
                provided.addAll(need.versionIndices());
            }
            assertTrue(elf.versionNeeds().stream().anyMatch(need -> need.file().equals("libc.so.6")));
            for (ElfFile.DynamicSymbol symbol : elf.dynamicSymbols()) {
                if (symbol.undefined()) {
                    assertTrue(
                            provided.contains(symbol.versionIndex()),
                            symbol + " refers to a version no library provides");
                }
            }
        }
    }

    @Test
    void aSecondRunChangesNothing() throws IOException {
        Path library = bundled("libavdevice.so.62");
        OptionalLibraryUnlinker.unlink(library, X86_64_BUNDLE);
        byte[] once = Files.readAllBytes(library);

        OptionalLibraryUnlinker.Result again = OptionalLibraryUnlinker.unlink(library, X86_64_BUNDLE);

        assertTrue(again.unchanged());
        assertTrue(java.util.Arrays.equals(once, Files.readAllBytes(library)));
    }

    @Test
    void leavesALibraryWithoutDevicesAlone() throws IOException {
        Path library = bundled("libavformat.so.62");
        byte[] before = Files.readAllBytes(library);

        assertTrue(OptionalLibraryUnlinker.unlink(library, X86_64_BUNDLE).unchanged());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(library)));
    }

    /** The arm64 build links libva and libdrm from libavutil without bundling them. */
    @Test
    void dropsHardwareLibrariesThatAreNotBundled() throws IOException {
        Path library = bundled("libavutil.so.60");

        OptionalLibraryUnlinker.Result result = OptionalLibraryUnlinker.unlink(library, Set.of());

        assertEquals(Set.of("libva.so.2", "libva-drm.so.2", "libdrm.so.2"), Set.copyOf(result.removed()));
        List<String> after = OptionalLibraryUnlinker.needed(library);
        assertTrue(after.contains("libc.so.6") && after.contains("libm.so.6"), after.toString());
        assertTrue(after.stream().noneMatch(OptionalLibraryUnlinker.HARDWARE_LIBRARIES::contains), after.toString());
    }

    @Test
    void refusesWhatIsNotAnElfFile() throws IOException {
        Path text = Files.writeString(
                dir.resolve("libnot.so.1"), "#!/bin/sh\necho not a library, not even 64 bytes long enough\n");

        IOException e = assertThrows(IOException.class, () -> OptionalLibraryUnlinker.unlink(text, Set.of()));

        assertTrue(e.getMessage().contains("not an ELF file"), e.getMessage());
    }

    private Path bundled(String name) throws IOException {
        String resource = "/org/bytedeco/ffmpeg/" + Loader.getPlatform() + "-gpl/" + name;
        Path file = dir.resolve(name);
        try (InputStream in = OptionalLibraryUnlinkerTests.class.getResourceAsStream(resource)) {
            assertTrue(in != null, resource + " is not on the class path");
            Files.copy(in, file);
        }
        return file;
    }
}
