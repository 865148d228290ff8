package dev.smidgen.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A child JVM tied to this one: output appended to a log file, the {@link ParentWatchAgent} loaded so it dies
 * with us even on SIGKILL, a JVM shutdown hook that destroys it, and readiness polling that fails fast (with
 * the telling end of its log) when the child exits early.
 */
public final class ChildProcess {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final long logStart;
    /** Write end of the child's stdin; kept open for the child's whole life (its EOF is the "parent died" signal). */
    private final OutputStream stdin;

    private ChildProcess(String name, Process process, Path logFile, long logStart) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logStart = logStart;
        this.stdin = process.getOutputStream();
    }

    /** Starts building a child JVM named {@code name} (used in log lines). */
    public static Builder java(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Exit code, or -1 while the child still runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Waits for the child to exit on its own and returns its exit code. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw failure(name + " did not finish within " + timeout.toSeconds() + " s");
            }
            LIVE.remove(this);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /**
     * Polls {@code ready} every {@code pollMillis} until it returns true. Throws a {@link StartFailure} at once
     * if the child exits, and after {@code timeout}.
     */
    public void awaitReady(Duration timeout, long pollMillis, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw failure(name + " exited with code " + process.exitValue() + " before it became ready");
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw failure(name + " was not ready within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    /** True when this run of the child (not an earlier run appending to the same file) logged {@code marker}. */
    public boolean logContains(String marker) {
        return readLog(Integer.MAX_VALUE).contains(marker);
    }

    /** The last {@code lines} lines this run of the child wrote. */
    public String tail(int lines) {
        String text = readLog(64 * 1024);
        List<String> all = text.lines().toList();
        return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** A start failure of this child: {@code reason} plus the telling end of this run's log. */
    public StartFailure failure(String reason) {
        return new StartFailure(reason, logFile, LogExcerpt.of(logFile, logStart, LogExcerpt.LINES));
    }

    /** Graceful stop: SIGTERM, then SIGKILL when the child is still alive after {@code grace}. */
    public void stop(Duration grace) {
        if (process.isAlive()) {
            announceStop();
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    Log.warn(name, "did not stop within %d s, killing it", grace.toSeconds());
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
        release();
    }

    /** SIGKILL, and wait until the process is really gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        release();
    }

    /** Tells the child's parent-watch that the coming stdin EOF (destroy() closes the pipe) is a deliberate stop. */
    private void announceStop() {
        try {
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            // Child already gone or pipe closed: SIGTERM follows anyway.
        }
    }

    private void release() {
        LIVE.remove(this);
        try {
            stdin.close();
        } catch (IOException e) {
            // The child is gone; nothing left to tell it.
        }
    }

    private String readLog(int maxBytes) {
        return LogExcerpt.readEnd(logFile, logStart, maxBytes);
    }

    private static void track(ChildProcess child) {
        LIVE.add(child);
        if (!hookInstalled) {
            synchronized (LIVE) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::destroyAll, "devstack-child-reaper"));
                    hookInstalled = true;
                }
            }
        }
    }

    /** Shutdown hook: children still alive when the JVM exits get SIGTERM, then SIGKILL after 10 s. */
    private static void destroyAll() {
        List<ChildProcess> children = new ArrayList<>(LIVE);
        children.forEach(child -> {
            child.announceStop();
            child.process.destroy();
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ChildProcess child : children) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!child.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    child.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.process.destroyForcibly();
            }
        }
    }

    /** Command line, environment and files of a child JVM. */
    public static final class Builder {
        private final String name;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path workDir;
        private Path logFile;
        private Path agentDir;

        private Builder(String name) {
            this.name = name;
        }

        public Builder jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        /** Everything after the JVM options: {@code -cp x Main args} or {@code -jar app.jar args}. */
        public Builder arguments(List<String> args) {
            arguments.addAll(args);
            return this;
        }

        public Builder environment(Map<String, String> env) {
            environment.putAll(env);
            return this;
        }

        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** Where the parent-watch agent jar is written. */
        public Builder agentDir(Path dir) {
            this.agentDir = dir;
            return this;
        }

        public ChildProcess start() {
            List<String> command = new ArrayList<>();
            // Keep the terminal's Ctrl-C (and hang-up) away from children: the launcher stops them in order.
            // A new session does that where util-linux' setsid exists; elsewhere (macOS) the child starts with
            // SIGINT and SIGHUP ignored, which a JVM keeps (as under nohup), and SIGTERM still stops it.
            if (Files.isExecutable(SETSID)) {
                command.add(SETSID.toString());
            } else {
                command.addAll(List.of("/bin/sh", "-c", "trap '' INT HUP; exec \"$0\" \"$@\""));
            }
            command.add(javaExecutable());
            Path agent = AgentJar.write(agentDir);
            command.add("-javaagent:" + agent + "=" + ProcessHandle.current().pid() + ":stdin");
            command.addAll(jvmOptions);
            command.addAll(arguments);
            try {
                Files.createDirectories(logFile.getParent());
                Files.createDirectories(workDir);
                Files.writeString(
                        logFile,
                        "==== " + LocalDateTime.now() + " starting " + name + ": " + String.join(" ", command)
                                + System.lineSeparator(),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                long logStart = Files.size(logFile);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.PIPE);
                builder.environment().putAll(environment);
                ChildProcess child = new ChildProcess(name, builder.start(), logFile, logStart);
                track(child);
                return child;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name, e);
            }
        }

        private static String javaExecutable() {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }
}
