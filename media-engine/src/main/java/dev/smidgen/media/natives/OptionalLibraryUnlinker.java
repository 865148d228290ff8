package dev.smidgen.media.natives;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts the optional system libraries of a bundled FFmpeg library out of its dependencies, in place:
 * capture and playback devices (X11 capture through libxcb, ALSA, PulseAudio, ...) and hardware
 * acceleration (VA-API, DRM) that the build does not bundle.
 *
 * <p>Why: bytedeco's {@code libavdevice} links the device libraries, its arm64 {@code libavutil} links
 * libva and libdrm without bundling them, and the bundled {@code ffmpeg} and {@code ffprobe} link both
 * libraries; so neither executable starts on a server, in a container or on a fresh laptop without a
 * desktop's audio, X11 and GPU libraries. Smidgen reads files, writes files and encodes in software: it
 * never opens a device nor a hardware context. Three edits make a library load without those
 * dependencies and keep every decoder, encoder, muxer, demuxer and filter:
 * <ol>
 *   <li>its {@code DT_NEEDED} entries for them are dropped;</li>
 *   <li>its version-needs entries for them are unlinked (the loader insists that the library of every
 *       entry is loaded);</li>
 *   <li>the references they satisfied become weak and unversioned, so the loader binds them to 0 instead
 *       of refusing to load, even with {@code BIND_NOW}. Only device code (x11grab, alsa, pulse, kmsgrab)
 *       and hardware contexts (VA-API, DRM) call them, and only when one is asked for by name
 *       ({@code -f x11grab}, {@code -hwaccel vaapi}), which Smidgen never does: devices have no probe and
 *       are never picked for an input file, and hardware decoding is opt-in.</li>
 * </ol>
 * The other references that can be made weak are those bound to no version: glibc and the FFmpeg
 * libraries version all they export, and a weak reference still binds wherever a definition exists, so
 * weakening them changes nothing where they resolve (libdrm, the one unversioned library that may stay).
 */
public final class OptionalLibraryUnlinker {
    /** Libraries that only libavdevice's capture and playback devices use: unlinked even when present. */
    static final Set<String> DEVICE_LIBRARIES = Set.of(
            "libxcb.so.1",
            "libxcb-shm.so.0",
            "libxcb-shape.so.0",
            "libxcb-xfixes.so.0",
            "libX11.so.6",
            "libXext.so.6",
            "libXv.so.1",
            "libGL.so.1",
            "libasound.so.2",
            "libpulse.so.0",
            "libpulse-simple.so.0",
            "libjack.so.0",
            "libsndio.so.7",
            "libSDL2-2.0.so.0",
            "libv4l2.so.0");
    /** Hardware-acceleration libraries: kept when the build bundles them, unlinked otherwise. */
    static final Set<String> HARDWARE_LIBRARIES =
            Set.of("libva.so.2", "libva-drm.so.2", "libva-x11.so.2", "libdrm.so.2", "libvdpau.so.1", "libOpenCL.so.1");

    private OptionalLibraryUnlinker() {}

    /** What {@link #unlink} changed: the dependencies dropped and how many references became weak. */
    public record Result(List<String> removed, int weakened) {
        /** Whether the library needed no change. */
        public boolean unchanged() {
            return removed.isEmpty();
        }
    }

    /**
     * Removes the optional libraries from {@code library}'s dependencies; a library without them is left
     * untouched.
     *
     * @param bundled the file names that are installed beside {@code library}
     */
    public static Result unlink(Path library, Set<String> bundled) throws IOException {
        try (ElfFile elf = ElfFile.open(library, true)) {
            Set<String> removed = new LinkedHashSet<>();
            for (String needed : elf.needed()) {
                if (DEVICE_LIBRARIES.contains(needed)
                        || (HARDWARE_LIBRARIES.contains(needed) && !bundled.contains(needed))) {
                    removed.add(needed);
                }
            }
            if (removed.isEmpty()) {
                return new Result(List.of(), 0);
            }
            Set<Integer> orphanedVersions = elf.unlinkVersionNeeds(removed);
            int weakened = 0;
            for (ElfFile.DynamicSymbol symbol : elf.dynamicSymbols()) {
                boolean unversioned = symbol.versionIndex() <= ElfFile.UNVERSIONED;
                if (symbol.undefined()
                        && !symbol.name().isEmpty()
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
