package dev.smidgen.media;

import dev.smidgen.media.natives.BundledFfmpeg;
import dev.smidgen.media.process.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.ffmpeg;
import org.bytedeco.ffmpeg.ffprobe;
import org.bytedeco.javacpp.Loader;
import org.jboss.logging.Logger;

/**
 * Paths of the {@code ffmpeg} and {@code ffprobe} executables bundled by bytedeco, installed once per
 * JVM.
 *
 * <p>On Linux, {@link BundledFfmpeg} copies them with their libraries into a directory of Smidgen's own
 * under JavaCPP's cache directory (which honours the system property {@code org.bytedeco.javacpp.cachedir}),
 * with the capture-device libraries unlinked, so they run on a machine with nothing but a JDK. Elsewhere
 * (macOS) JavaCPP extracts them as they are: the frameworks their devices link are part of the system.
 *
 * <p>When {@value #DIR_ENV} (or the system property {@value #DIR_PROPERTY}) names a directory, the
 * executables (and the libraries beside them) are taken from there and nothing is extracted. The
 * container images install the bundled build there at image build time, so the root file system may be
 * read-only and nothing is copied on start.
 */
public final class FfmpegBinaries {
    /** System property naming a directory with an extracted {@code ffmpeg}, {@code ffprobe} and their libraries. */
    public static final String DIR_PROPERTY = "smidgen.ffmpeg.dir";
    /** Environment variable with the same meaning as {@link #DIR_PROPERTY} (the property wins). */
    public static final String DIR_ENV = "SMIDGEN_FFMPEG_DIR";

    private static final Logger LOG = Logger.getLogger(FfmpegBinaries.class);
    private static final Object LOCK = new Object();
    private static volatile FfmpegBinaries instance;

    private final Path ffmpeg;
    private final Path ffprobe;

    private FfmpegBinaries(Path ffmpeg, Path ffprobe) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
    }

    /**
     * The extracted binaries, loading them on first use. A failed load is not cached, so a later call
     * retries (the cache directory may have been fixed meanwhile).
     *
     * @throws FfmpegUnavailableException if the natives cannot be extracted or loaded
     */
    public static FfmpegBinaries get() {
        FfmpegBinaries loaded = instance;
        if (loaded != null) {
            return loaded;
        }
        synchronized (LOCK) {
            if (instance == null) {
                instance = load();
            }
            return instance;
        }
    }

    private static FfmpegBinaries load() {
        String dir = System.getProperty(DIR_PROPERTY, System.getenv(DIR_ENV));
        if (dir != null && !dir.isBlank()) {
            try {
                FfmpegBinaries binaries = fromDirectory(Path.of(dir));
                LOG.infof("FFmpeg binaries ready in %s (%s: already extracted, JavaCPP not used)", dir, DIR_ENV);
                return binaries;
            } catch (java.io.IOException | RuntimeException e) {
                throw new FfmpegUnavailableException("No usable FFmpeg in " + DIR_ENV + "=" + dir + ": " + e, e);
            }
        }
        try {
            if (isLinux()) {
                return fromDirectory(BundledFfmpeg.install(Loader.getCacheDir().toPath(), Loader.getPlatform()));
            }
            Path ffmpegPath = executable(Loader.load(ffmpeg.class));
            Path ffprobePath = executable(Loader.load(ffprobe.class));
            LOG.infof("FFmpeg binaries ready in %s (JavaCPP cache %s)", ffmpegPath.getParent(), Loader.getCacheDir());
            return new FfmpegBinaries(ffmpegPath, ffprobePath);
        } catch (LinkageError | RuntimeException | java.io.IOException e) {
            throw new FfmpegUnavailableException("The bundled FFmpeg could not be installed: " + e.getMessage(), e);
        }
    }

    private static boolean isLinux() {
        return Loader.getPlatform().startsWith("linux");
    }

    /** The executables in {@code dir}, already extracted (no JavaCPP involved). */
    static FfmpegBinaries fromDirectory(Path dir) throws java.io.IOException {
        for (String name : new String[] {"ffmpeg", "ffprobe"}) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new java.io.IOException(dir.resolve(name) + " does not exist");
            }
        }
        return new FfmpegBinaries(
                executable(dir.resolve("ffmpeg").toString()),
                executable(dir.resolve("ffprobe").toString()));
    }

    private static Path executable(String loaded) throws java.io.IOException {
        if (loaded == null) {
            throw new java.io.IOException("JavaCPP returned no path for the executable");
        }
        Path path = Path.of(loaded);
        // A cache extracted by another user (e.g. root at image build time) may lack execute bits for us.
        if (!Files.isExecutable(path) && !path.toFile().setExecutable(true, false)) {
            throw new java.io.IOException(path + " is not executable and its mode cannot be changed");
        }
        return path;
    }

    /** The {@code ffmpeg} executable. */
    public Path ffmpeg() {
        return ffmpeg;
    }

    /** The {@code ffprobe} executable. */
    public Path ffprobe() {
        return ffprobe;
    }

    /** The executable for {@code tool}. */
    public Path executable(Tool tool) {
        return tool == Tool.FFMPEG ? ffmpeg : ffprobe;
    }

    /**
     * The directory holding the bundled shared libraries. The executables find their direct
     * dependencies through their {@code $ORIGIN} run path, but those libraries' own dependencies
     * (libva, libdrm) are only found when this directory is on {@code LD_LIBRARY_PATH}.
     */
    public Path libraryDirectory() {
        return ffmpeg.getParent();
    }
}
