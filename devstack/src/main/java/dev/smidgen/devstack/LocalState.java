package dev.smidgen.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code .smidgen/} directory of a local run: data, pid file, admin token, and the env file that tells
 * developers (and scripts) where the running stack is.
 */
final class LocalState {

    private final Path dir;

    LocalState(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    Path envFile() {
        return dir.resolve("env");
    }

    Path infraEnvFile() {
        return dir.resolve("infra.env");
    }

    Path adminTokenFile() {
        return dir.resolve("admin-token");
    }

    Path pidFile() {
        return dir.resolve("pid");
    }

    /** Pid of a launcher that is still running on this directory, if any. */
    Optional<Long> runningPid() {
        try {
            if (!Files.isRegularFile(pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(LocalState::notZombie)
                    .map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An exited launcher its parent has not reaped yet still "is alive" to ProcessHandle; it is not running. */
    private static boolean notZombie(ProcessHandle handle) {
        return !processState(handle.pid()).startsWith("Z");
    }

    /** The state letters of {@code pid}: from /proc on Linux, else from POSIX ps (macOS); empty when neither tells. */
    private static String processState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 1).trim();
        } catch (IOException | RuntimeException e) {
            // No /proc: ask ps.
        }
        try {
            Process ps = new ProcessBuilder("ps", "-o", "stat=", "-p", Long.toString(pid))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String state = new String(ps.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            ps.waitFor();
            return state;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    void writePid() {
        write(pidFile(), ProcessHandle.current().pid() + "\n");
    }

    /** Removes the pid file if it still names this process (a newer launcher may own it by now). */
    void removePid() {
        try {
            if (Files.isRegularFile(pidFile())
                    && Files.readString(pidFile())
                            .trim()
                            .equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.delete(pidFile());
            }
        } catch (IOException e) {
            // Best effort on the way out; a stale pid file is recognised as stale next time.
        }
    }

    /** The admin token, generated once (32 random characters) and kept, readable by the owner only. */
    String adminToken() {
        try {
            if (Files.isRegularFile(adminTokenFile())) {
                String token = Files.readString(adminTokenFile()).trim();
                if (!token.isEmpty()) {
                    return token;
                }
            }
            String token = FleetOptions.randomToken(32);
            write(adminTokenFile(), token + "\n");
            Files.setPosixFilePermissions(adminTokenFile(), PosixFilePermissions.fromString("rw-------"));
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + adminTokenFile(), e);
        }
    }

    /** The API key recorded by the previous run, if any. */
    Optional<String> previousApiKey() {
        return Optional.ofNullable(EnvFile.read(envFile()).get("SMIDGEN_API_KEY"))
                .filter(key -> !key.isBlank());
    }

    void writeEnv(Map<String, String> entries) {
        EnvFile.write(envFile(), "Written by ./smidgen up. Load it with: set -a; . " + envFile() + "; set +a", entries);
    }

    void writeInfraEnv(Map<String, String> entries) {
        EnvFile.write(
                infraEnvFile(),
                "Written by ./smidgen infra: the settings a service needs to use this infrastructure.",
                entries);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
