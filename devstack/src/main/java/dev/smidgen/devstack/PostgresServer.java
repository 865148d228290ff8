package dev.smidgen.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PostgreSQL 17 in-process through zonky's {@link EmbeddedPostgres}, on a persistent data directory, plus a
 * watchdog so the postmaster (which pg_ctl detaches from us) stops when this JVM dies without closing it.
 */
final class PostgresServer implements AutoCloseable {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";
    static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final Process watchdog;
    private final int port;
    private final Path pgData;
    private volatile boolean crashed;

    private PostgresServer(EmbeddedPostgres postgres, Process watchdog, int port, Path pgData) {
        this.postgres = postgres;
        this.watchdog = watchdog;
        this.port = port;
        this.pgData = pgData;
    }

    /** Starts (initialising on first use) the cluster in {@code pgData} and returns once it answers queries. */
    static PostgresServer start(Path pgData, int port, Path logFile) {
        long started = System.nanoTime();
        boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
        Log.info("postgres", "starting on port %d (%s %s)", port, fresh ? "initialising" : "reusing", pgData);
        long logStart = 0;
        try {
            Files.createDirectories(pgData);
            Files.createDirectories(logFile.getParent());
            logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            stopOrphanedPostmaster(pgData);
            ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    // initdb + first start on a busy 2-core machine can exceed zonky's 10 s default.
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            Process watchdog = startWatchdog(pgData);
            Log.info("postgres", "ready on port %d in %d ms", port, Log.millisSince(started));
            return new PostgresServer(postgres, watchdog, port, pgData);
        } catch (IOException | RuntimeException e) {
            StartFailure failure = new StartFailure(
                    "postgres failed to start: " + e.getMessage(),
                    logFile,
                    LogExcerpt.of(logFile, logStart, LogExcerpt.LINES));
            failure.initCause(e);
            throw failure;
        }
    }

    int port() {
        return port;
    }

    /** Whether the postmaster is alive (false once crashed, or dead on its own). */
    boolean isRunning() {
        return !crashed && livePostmaster(pgData).isPresent();
    }

    /** The running postmaster's pid, from its pid file. */
    Optional<Long> postmasterPid() {
        return crashed ? Optional.empty() : readPostmasterPid(pgData);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /**
     * An immediate shutdown (SIGQUIT to the postmaster), as a crash: no checkpoint, backends end at once
     * and the next start runs crash recovery. Returns when the postmaster is gone; {@link #close} is then a no-op.
     */
    void crash() {
        if (crashed) {
            return;
        }
        disarmWatchdog();
        crashed = true;
        Optional<ProcessHandle> postmaster = livePostmaster(pgData);
        postmaster.ifPresent(PostgresServer::quitNow);
        try {
            // Releases the data directory's lock, which this JVM holds for as long as the handle is open and
            // which the next start takes again (its "stop" finds nothing left to stop).
            postgres.close();
        } catch (IOException e) {
            Log.warn("postgres", "releasing the crashed server's handle failed: %s", e.getMessage());
        }
        if (postmaster.isPresent()) {
            Log.info("postgres", "crashed (immediate shutdown)");
        }
    }

    /** SIGQUIT, the postmaster's immediate shutdown, and the wait until it is gone. */
    private static void quitNow(ProcessHandle postmaster) {
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            postmaster.onExit().get(30, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not crash postmaster " + postmaster.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while crashing postmaster " + postmaster.pid(), e);
        }
    }

    @Override
    public void close() {
        if (crashed) {
            return;
        }
        long started = System.nanoTime();
        disarmWatchdog();
        try {
            postgres.close();
        } catch (IOException e) {
            Log.warn("postgres", "stop failed: %s", e.getMessage());
        }
        Log.info("postgres", "stopped in %d ms", Log.millisSince(started));
    }

    /**
     * A shell that waits on a pipe from us: a line means "disarm, exit quietly"; EOF means this JVM died, so it
     * asks the postmaster for a fast shutdown (SIGINT). Checking the pid's command name guards against a recycled
     * pid: from /proc where there is one (Linux, even without procps), else from ps (macOS prints the full path).
     */
    private static Process startWatchdog(Path pgData) throws IOException {
        long pid = readPostmasterPid(pgData)
                .orElseThrow(() ->
                        new IllegalStateException("postgres started but " + pgData + "/postmaster.pid is unreadable"));
        String script = "if read -r _; then exit 0; fi; "
                + "comm=$(cat /proc/" + pid + "/comm 2>/dev/null || ps -o comm= -p " + pid + " 2>/dev/null); "
                + "case $comm in postgres | */postgres) kill -INT " + pid + " ;; esac";
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", script))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        return builder.start();
    }

    private void disarmWatchdog() {
        try (OutputStream out = watchdog.getOutputStream()) {
            out.write("disarm\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            watchdog.destroy();
        }
    }

    /**
     * A previous launcher killed with SIGKILL leaves a postmaster behind only if its watchdog failed too; it
     * would block this start ("another server might be running"), so ask it to shut down and wait.
     */
    private static void stopOrphanedPostmaster(Path pgData) throws IOException {
        Optional<ProcessHandle> orphan = livePostmaster(pgData);
        if (orphan.isEmpty()) {
            return;
        }
        long pid = orphan.get().pid();
        Log.info("postgres", "stopping orphaned postmaster %d of an earlier run", pid);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (orphan.get().isAlive()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("orphaned postmaster " + pid + " on " + pgData + " did not stop");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping postmaster " + pid, e);
        }
    }

    /** The postmaster of {@code pgData} if it runs: the pid file's process, alive, and a postgres (not a recycled pid). */
    private static Optional<ProcessHandle> livePostmaster(Path pgData) {
        return readPostmasterPid(pgData)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info()
                        .command()
                        .map(cmd -> cmd.endsWith("/postgres"))
                        .orElse(false));
    }

    private static Optional<Long> readPostmasterPid(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return Files.readAllLines(pidFile).stream()
                    .findFirst()
                    .map(String::trim)
                    .map(Long::parseLong);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
