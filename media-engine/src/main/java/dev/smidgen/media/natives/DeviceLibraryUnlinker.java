package dev.smidgen.media.natives;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts the capture and playback device libraries (X11 capture through libxcb, ALSA, PulseAudio, ...)
 * out of the dependencies of a bundled FFmpeg library, in place.
 *
 * <p>Why: bytedeco's {@code libavdevice} links them, and the bundled {@code ffmpeg} and {@code ffprobe}
 * link {@code libavdevice}, so neither starts on a server or in a container without a desktop's audio
 * and X11 libraries. Smidgen reads files and writes files; it never opens a device. Three edits make the
 * library load without them, and keep every decoder, encoder, muxer, demuxer and filter:
 * <ol>
 *   <li>its {@code DT_NEEDED} entries for those libraries are dropped;</li>
 *   <li>its version-needs entries for them are unlinked (the loader insists that the library of every
 *       entry is loaded);</li>
 *   <li>the references that those libraries satisfied become weak and unversioned, so the loader binds
 *       them to 0 instead of refusing to load, even with {@code BIND_NOW}. Only the device code (x11grab,
 *       alsa, pulse) calls them, and only when such a device is opened by name ({@code -f x11grab}), which
 *       Smidgen never does: devices have no probe and are never picked for an input file.</li>
 * </ol>
 * The other references that could be made weak are those bound to no version: glibc and the FFmpeg
 * libraries version all they export, and a weak reference still binds wherever a definition exists, so
 * weakening them changes nothing where they resolve (libdrm, the one other unversioned library).
 */
public final class DeviceLibraryUnlinker {
    /** Libraries that only libavdevice's capture and playback devices use. */
    static final Set<String> DEVICE_LIBRARIES = Set.of(
            "libxcb.so.1", "libxcb-shm.so.0", "libxcb-shape.so.0", "libxcb-xfixes.so.0",
            "libX11.so.6", "libXext.so.6", "libXv.so.1", "libGL.so.1",
            "libasound.so.2", "libpulse.so.0", "libpulse-simple.so.0", "libjack.so.0", "libsndio.so.7",
            "libSDL2-2.0.so.0", "libv4l2.so.0");

    private DeviceLibraryUnlinker() {
    }

    /** What {@link #unlink} changed: the dependencies dropped and how many references became weak. */
    public record Result(List<String> removed, int weakened) {
        /** Whether the library needed no change. */
        public boolean unchanged() {
            return removed.isEmpty();
        }
    }

    /** Removes the device libraries from {@code library}'s dependencies; a library without them is left untouched. */
    public static Result unlink(Path library) throws IOException {
        try (ElfFile elf = ElfFile.open(library, true)) {
            Set<String> removed = new LinkedHashSet<>(elf.needed());
            removed.retainAll(DEVICE_LIBRARIES);
            if (removed.isEmpty()) {
                return new Result(List.of(), 0);
            }
            Set<Integer> orphanedVersions = elf.unlinkVersionNeeds(removed);
            int weakened = 0;
            for (ElfFile.DynamicSymbol symbol : elf.dynamicSymbols()) {
                boolean unversioned = symbol.versionIndex() <= ElfFile.UNVERSIONED;
                if (symbol.undefined() && !symbol.name().isEmpty()
                        && (unversioned || orphanedVersions.contains(symbol.versionIndex()))) {
                    elf.weakenUnversioned(symbol.index());
                    weakened++;
                }
            }
            elf.removeNeeded(removed);
            elf.flush();
            return new Result(List.copyOf(removed), weakened);
        }
    }

    /** The libraries {@code file} names as {@code DT_NEEDED}. */
    public static List<String> needed(Path file) throws IOException {
        try (ElfFile elf = ElfFile.open(file, false)) {
            return elf.needed();
        }
    }
}
