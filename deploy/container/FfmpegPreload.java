import dev.smidgen.media.natives.BundledFfmpeg;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;

/**
 * Image build step of the ingest and transcode workers (not part of any service): installs the FFmpeg
 * that bytedeco bundles exactly as a worker would at run time ({@link BundledFfmpeg}: the executables and
 * the libraries they load, capture-device libraries unlinked, {@code ffmpeg -version} and
 * {@code ffprobe -version} run before it is published, so a build that cannot run fails the image build
 * instead of the first task), and links the installation to the path given as the second argument. The
 * image sets {@code SMIDGEN_FFMPEG_DIR} to that link: the worker then runs those files as they are, so
 * they stay owned by root and the root file system may be read-only.
 *
 * <p>Compiled in the build stage with only the bytedeco and jboss-logging jars and media-engine's
 * {@code natives} package, so its class files (and the image layers after them) change only when those do.
 *
 * <p>Usage: {@code java -cp <this>:<service lib/main/*>:<service lib/boot/*> FfmpegPreload <install root> <link>}
 */
public final class FfmpegPreload {
    private FfmpegPreload() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: FfmpegPreload <install root> <link>");
        }
        Path installed = BundledFfmpeg.install(Path.of(args[0]), Loader.getPlatform());
        Path link = Path.of(args[1]);
        Files.createSymbolicLink(link, installed);
        System.out.println(link + " -> " + installed);
    }
}
