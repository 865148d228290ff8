package dev.smidgen.media;

import dev.smidgen.media.process.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.ffmpeg;
import org.bytedeco.ffmpeg.ffprobe;
import org.bytedeco.javacpp.Loader;
import org.jboss.logging.Logger;

/**
 * Paths of the {@code ffmpeg} and {@code ffprobe} executables bundled by bytedeco, extracted once per
 * JVM. Extraction goes to JavaCPP's cache directory, which honours the system property
 * {@code org.bytedeco.javacpp.cachedir} (set it in container images whose home is read-only, and
 * pre-extract there at image build time).
 */
public final class FfmpegBinaries {
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
        try {
            Path ffmpegPath = executable(Loader.load(ffmpeg.class));
            Path ffprobePath = executable(Loader.load(ffprobe.class));
            LOG.infof("FFmpeg binaries ready in %s (JavaCPP cache %s)", ffmpegPath.getParent(), Loader.getCacheDir());
            return new FfmpegBinaries(ffmpegPath, ffprobePath);
        } catch (LinkageError | RuntimeException | java.io.IOException e) {
            // Usually a missing system library of the bundled build (libpulse0, libxcb1, libasound2, ...).
            throw new FfmpegUnavailableException("The bundled FFmpeg could not be loaded: " + e, e);
        }
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
