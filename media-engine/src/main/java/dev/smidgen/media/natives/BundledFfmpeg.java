package dev.smidgen.media.natives;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Installs the {@code ffmpeg} and {@code ffprobe} executables that bytedeco bundles for Linux, with the
 * shared libraries they load and nothing else, into a directory of Smidgen's own, ready to run as
 * subprocesses on a machine that has only a JDK.
 *
 * <p>Why not JavaCPP's {@code Loader.load(ffmpeg.class)}: it also loads the JNI libraries, among them
 * {@code jniavdevice}, and extracts the libraries as they are, so on a machine without a desktop's X11 and
 * audio libraries both the JVM and the executables fail to load (see {@link OptionalLibraryUnlinker}). Here
 * no native code is loaded into the JVM at all; the files are copied from the class path by following the
 * executables' {@code DT_NEEDED} entries (so the JNI wrappers are left out), the optional device and
 * hardware libraries are unlinked ({@link OptionalLibraryUnlinker}), what remains must be bundled or part
 * of glibc and the C++ runtime, and {@code ffmpeg -version} and {@code ffprobe -version} must run before the
 * directory is published.
 *
 * <p>The directory is named after the platform and a digest of the bundled {@code ffmpeg}, so a new
 * FFmpeg build gets a new directory, and it appears atomically (written under a temporary name, then
 * renamed): services starting at the same time may race to create it, and each one either sees a complete
 * directory or builds its own copy and loses the rename harmlessly.
 */
public final class BundledFfmpeg {
    private static final Logger LOG = Logger.getLogger(BundledFfmpeg.class);
    private static final String RESOURCES = "/org/bytedeco/ffmpeg/";
    private static final List<String> EXECUTABLES = List.of("ffmpeg", "ffprobe");
    /** Bumped when what is written to the directory changes, so old installations are not reused. */
    private static final String LAYOUT = "1";

    private static final Duration ABANDONED = Duration.ofMinutes(10);
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(60);
    /** What every glibc Linux has: the C library, its loader and satellites, and the C++ runtime. */
    private static final Pattern SYSTEM_BASE = Pattern.compile(
            "(libc|libm|libmvec|libdl|libpthread|librt|libstdc\\+\\+|libgcc_s)\\.so\\.\\d+|ld-linux[-\\w.]*\\.so\\.\\d+");

    private BundledFfmpeg() {}

    /**
     * The installation for {@code platform} (JavaCPP's name, e.g. {@code linux-x86_64}) under
     * {@code root}, creating it on first use.
     *
     * @return the directory holding {@code ffmpeg}, {@code ffprobe} and their libraries
     * @throws IOException when the class path has no FFmpeg for this platform, or it does not run here
     */
    public static Path install(Path root, String platform) throws IOException {
        String resources = resourceDirectory(platform);
        Path parent = root.resolve("smidgen-ffmpeg");
        Path target = parent.resolve(platform + "-" + digest(resources + "ffmpeg"));
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(parent);
        removeAbandoned(parent);
        Path staging = Files.createTempDirectory(parent, ".staging-");
        try {
            List<String> libraries = copyWithDependencies(resources, staging);
            Set<String> bundled = Set.copyOf(libraries);
            List<String> unlinked = new ArrayList<>();
            for (String library : libraries) {
                OptionalLibraryUnlinker.Result result =
                        OptionalLibraryUnlinker.unlink(staging.resolve(library), bundled);
                if (!result.unchanged()) {
                    unlinked.add(library + " (" + String.join(", ", result.removed()) + "; " + result.weakened()
                            + " references made weak)");
                }
            }
            requireOnlySystemBase(staging, bundled);
            verify(staging);
            publish(staging, target);
            LOG.infof(
                    "FFmpeg for %s installed in %s; optional libraries unlinked from %s",
                    platform, target, unlinked.isEmpty() ? "none" : String.join(", ", unlinked));
            return target;
        } finally {
            deleteTree(staging);
        }
    }

    /** The class-path folder of the natives: the GPL build ({@code linux-x86_64-gpl}) or the plain one. */
    private static String resourceDirectory(String platform) throws IOException {
        for (String candidate : List.of(platform + "-gpl", platform)) {
            String folder = RESOURCES + candidate + "/";
            if (BundledFfmpeg.class.getResource(folder + "ffmpeg") != null) {
                return folder;
            }
        }
        throw new IOException("The class path has no FFmpeg for " + platform + " (org.bytedeco:ffmpeg:*:" + platform
                + "-gpl). Local builds fetch the natives of the machine they run on: rebuild on this machine with "
                + "./mvnw -B install -DskipTests.");
    }

    /** Copies both executables and, transitively, every library they need that the class path bundles. */
    private static List<String> copyWithDependencies(String resources, Path staging) throws IOException {
        Set<String> copied = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(EXECUTABLES);
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            if (!copied.add(name)) {
                continue;
            }
            Path file = staging.resolve(name);
            try (InputStream in = BundledFfmpeg.class.getResourceAsStream(resources + name)) {
                Files.copy(in, file);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String needed : OptionalLibraryUnlinker.needed(file)) {
                // System libraries (libc, libm, libstdc++) are not bundled and stay the system's.
                if (BundledFfmpeg.class.getResource(resources + needed) != null) {
                    pending.addLast(needed);
                }
            }
        }
        return copied.stream().filter(name -> !EXECUTABLES.contains(name)).toList();
    }

    /**
     * Fails with the names when a file still needs a library that is neither bundled nor part of every
     * Linux (glibc and the C++ runtime): the loader's own message would only name the first one, at run time.
     */
    private static void requireOnlySystemBase(Path staging, Set<String> bundled) throws IOException {
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.list(staging)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                for (String needed : OptionalLibraryUnlinker.needed(file)) {
                    if (!bundled.contains(needed)
                            && !SYSTEM_BASE.matcher(needed).matches()) {
                        missing.add(needed + " (needed by " + file.getFileName() + ")");
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(
                    "The bundled FFmpeg needs libraries that are neither bundled nor optional: " + missing);
        }
    }

    /** Runs {@code ffmpeg -version} and {@code ffprobe -version} from the staging directory: one that still fails to load stops here. */
    private static void verify(Path staging) throws IOException {
        for (String tool : EXECUTABLES) {
            ProcessBuilder builder = new ProcessBuilder(staging.resolve(tool).toString(), "-hide_banner", "-version")
                    .redirectErrorStream(true);
            builder.environment().put("LD_LIBRARY_PATH", staging.toString());
            Process process = builder.start();
            try (InputStream out = process.getInputStream()) {
                String output = new String(out.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                if (!process.waitFor(VERIFY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(
                            tool + " -version did not finish within " + VERIFY_TIMEOUT.toSeconds() + " s");
                }
                if (process.exitValue() != 0) {
                    throw new IOException("The bundled " + tool + " does not run here (exit " + process.exitValue()
                            + "): " + output.strip());
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while checking the bundled " + tool, e);
            }
        }
    }

    private static void publish(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Linux reports a lost race as ENOTEMPTY, which Java does not map to a specific exception.
            if (!Files.isDirectory(target)) {
                throw e;
            }
            LOG.debugf("%s was published by another process first", target);
        }
    }

    /** Staging directories of processes that died while installing (a crash, a kill -9). */
    private static void removeAbandoned(Path parent) throws IOException {
        Instant cutoff = Instant.now().minus(ABANDONED);
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (entry.getFileName().toString().startsWith(".staging-")
                        && Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
                    deleteTree(entry);
                }
            }
        }
    }

    private static String digest(String resource) throws IOException {
        try (InputStream in = BundledFfmpeg.class.getResourceAsStream(resource)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(LAYOUT.getBytes(StandardCharsets.UTF_8));
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("could not remove %s: %s", dir, e.getMessage());
        }
    }
}
