import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * Image build step of the ingest and transcode workers (not part of any service): extracts the FFmpeg
 * that bytedeco bundles, exactly as the worker's {@code dev.smidgen.media.FfmpegBinaries} would at run
 * time ({@code Loader.load(ffmpeg.class)} and {@code ffprobe.class}, into the JavaCPP cache directory
 * given by {@code -Dorg.bytedeco.javacpp.cachedir}), runs {@code ffmpeg -version} and
 * {@code ffprobe -version} so that a missing system library fails the image build instead of the first
 * task, and links the directory holding the executables and their libraries to the path given as the
 * argument. The image sets {@code SMIDGEN_FFMPEG_DIR} to that link: the worker then runs those files
 * as they are and never calls JavaCPP (which insists on a writable cache directory), so the
 * extracted files stay owned by root and the root file system may be read-only.
 *
 * <p>Compiled in the build stage of the Containerfiles with only the bytedeco jars on the class path,
 * so its class file (and the image layers after it) do not change when Smidgen's own code does.
 *
 * <p>Usage: {@code java -Dorg.bytedeco.javacpp.cachedir=<dir> -cp <this>:<service lib/main/*> FfmpegPreload <link>}
 */
public final class FfmpegPreload {
    private FfmpegPreload() {
    }

    public static void main(String[] args) throws Exception {
        Path ffmpeg = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
        Path ffprobe = Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
        System.out.println("JavaCPP cache: " + Loader.getCacheDir());
        for (Path executable : List.of(ffmpeg, ffprobe)) {
            // Extracted by root at build time, run by the unprivileged service user later.
            if (!executable.toFile().setExecutable(true, false)) {
                throw new IllegalStateException("cannot make " + executable + " executable");
            }
            ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-hide_banner", "-version")
                    .redirectErrorStream(true);
            // Same as FfmpegRunner: the bundled libraries' own dependencies (libva, libdrm) live beside them.
            builder.environment().put("LD_LIBRARY_PATH", executable.getParent().toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(executable + " -version failed (a system library missing?):\n" + output);
            }
            System.out.println(executable + ": " + output.lines().findFirst().orElse("?"));
        }
        if (args.length > 0) {
            Path link = Path.of(args[0]);
            Files.createSymbolicLink(link, ffmpeg.getParent());
            System.out.println(link + " -> " + ffmpeg.getParent());
        }
    }
}
