package dev.smidgen.media.process;

import dev.smidgen.media.FfmpegBinaries;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.tracing.Telemetry;
import dev.smidgen.model.tracing.TraceScope;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs the bundled ffmpeg/ffprobe as a subprocess with a timeout, bounded output capture and a kept
 * stderr tail. Every failure is logged at WARN with the caller's context (the task id), the exact
 * command line and the stderr tail, then thrown as {@link FfmpegFailure}. An invocation with a memory
 * limit runs under it ({@link MemoryCeiling}); an allocation failure there is {@link ErrorCode#RESOURCE_LIMIT}. The query string of any
 * URL argument (a presigned store URL's credential) is left out of both ({@link UrlQueries}). Thread-safe.
 */
public final class FfmpegRunner {
    static final int STDERR_TAIL_BYTES = 4096;
    static final int STDERR_TAIL_LINES = 30;

    private static final Logger LOG = Logger.getLogger(FfmpegRunner.class);
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final AtomicInteger RUNNING = new AtomicInteger();
    // Output pumps only block on pipes; daemon threads so a stuck pipe never holds the JVM open.
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "ffmpeg-pipe-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private static volatile FfmpegRunner shared;

    private final Function<Tool, Path> executables;
    private final Path libraryDirectory;
    private final boolean ceilingSupported = MemoryCeiling.supported();

    /** A runner for the given binaries. */
    public FfmpegRunner(FfmpegBinaries binaries) {
        this(binaries::executable, binaries.libraryDirectory());
    }

    FfmpegRunner(Function<Tool, Path> executables, Path libraryDirectory) {
        this.executables = executables;
        this.libraryDirectory = libraryDirectory;
    }

    /** The process-wide runner over {@link FfmpegBinaries#get()}, created on first use. */
    public static FfmpegRunner shared() {
        FfmpegRunner runner = shared;
        if (runner == null) {
            synchronized (FfmpegRunner.class) {
                if (shared == null) {
                    shared = new FfmpegRunner(FfmpegBinaries.get());
                }
                runner = shared;
            }
        }
        return runner;
    }

    /**
     * Runs {@code invocation} to completion.
     *
     * @param context who the work is for, prefixed to log lines (the task id); may be null
     * @return the result of a run that exited 0 within its timeout
     * @throws FfmpegFailure on a non-zero exit, timeout, oversized stdout, interruption or failure to start
     */
    public ProcessResult run(FfmpegInvocation invocation, String context) {
        boolean limited = invocation.memoryLimitBytes() > 0 && ceilingSupported;
        List<String> command = MemoryCeiling.wrap(command(invocation), invocation.memoryLimitBytes(), limited);
        UrlQueries secrets = UrlQueries.in(command);
        String commandLine = CommandLine.render(secrets.redact(command));
        // A span per run, under the task's: the command as logged (URL queries left out), its exit and duration.
        try (TraceScope span = Telemetry.start(invocation.tool().name().toLowerCase(Locale.ROOT))) {
            span.span().setAttribute("process.command_line", commandLine);
            if (context != null) {
                span.span().setAttribute("smidgen.context", context);
            }
            RUNNING.incrementAndGet();
            try {
                ProcessResult result = run(invocation, context, limited, command, secrets, commandLine);
                span.span().setAttribute("process.exit.code", (long) result.exitCode());
                return result;
            } catch (RuntimeException e) {
                span.fail(e);
                throw e;
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }

    /** How many ffmpeg and ffprobe processes this JVM is running now. */
    public static int running() {
        return RUNNING.get();
    }

    private ProcessResult run(
            FfmpegInvocation invocation,
            String context,
            boolean limited,
            List<String> command,
            UrlQueries secrets,
            String commandLine) {
        ProcessBuilder builder = new ProcessBuilder(ParentWatch.wrap(command));
        if (invocation.workingDirectory() != null) {
            builder.directory(invocation.workingDirectory().toFile());
        }
        Map<String, String> env = builder.environment();
        String inherited = env.get("LD_LIBRARY_PATH");
        env.put(
                "LD_LIBRARY_PATH",
                libraryDirectory + (inherited == null || inherited.isEmpty() ? "" : ":" + inherited));
        if (limited) {
            MemoryCeiling.configure(env);
        }

        long started = System.nanoTime();
        Process process;
        try {
            requireExecutable(Path.of(command.get(0)));
            process = builder.start();
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : secrets.redact(e.getMessage());
            throw fail(
                    context,
                    invocation,
                    new FfmpegFailure(
                            invocation.tool(),
                            FfmpegFailure.Reason.NOT_STARTED,
                            commandLine,
                            null,
                            message,
                            elapsedSince(started),
                            invocation.timeout(),
                            e));
        }

        OutputTail stderr = new OutputTail(STDERR_TAIL_BYTES, STDERR_TAIL_LINES);
        StdoutSink stdout = invocation.progressListener() != null
                ? new ProgressSink(new ProgressParser(
                        invocation.expectedDurationSeconds(), guarded(invocation.progressListener(), context)))
                : new CaptureSink(invocation.stdoutLimit(), () -> killTree(process));
        Future<?> errPump = PUMPS.submit(() -> pumpBytes(process.getErrorStream(), stderr));
        Future<?> outPump = PUMPS.submit(() -> stdout.consume(process.getInputStream()));

        FfmpegFailure.Reason failure = null;
        try {
            if (!process.waitFor(invocation.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                failure = FfmpegFailure.Reason.TIMED_OUT;
                killTree(process);
            }
        } catch (InterruptedException e) {
            failure = FfmpegFailure.Reason.INTERRUPTED;
            killTree(process);
            Thread.currentThread().interrupt();
        }
        boolean exited = awaitExit(process);
        closeStdin(process);
        awaitPump(errPump);
        awaitPump(outPump);
        Duration elapsed = elapsedSince(started);

        if (failure == null && stdout.overflowed()) {
            failure = FfmpegFailure.Reason.OUTPUT_TOO_LARGE;
        }
        if (failure == null && exited && process.exitValue() != 0) {
            failure = FfmpegFailure.Reason.EXIT_STATUS;
        }
        if (failure == FfmpegFailure.Reason.EXIT_STATUS && limited && MemoryCeiling.allocationFailed(stderr.text())) {
            failure = FfmpegFailure.Reason.MEMORY_LIMIT;
        }
        if (failure != null) {
            Integer exitCode =
                    failure == FfmpegFailure.Reason.EXIT_STATUS || failure == FfmpegFailure.Reason.MEMORY_LIMIT
                            ? process.exitValue()
                            : null;
            FfmpegFailure failed = new FfmpegFailure(
                    invocation.tool(),
                    failure,
                    commandLine,
                    exitCode,
                    secrets.redact(stderr.text()),
                    elapsed,
                    invocation.timeout(),
                    null);
            if (failure == FfmpegFailure.Reason.MEMORY_LIMIT) {
                failed = failed.as(
                        ErrorCode.RESOURCE_LIMIT,
                        "Media processing needed more than " + MemoryCeiling.mebibytes(invocation.memoryLimitBytes())
                                + " MiB of memory, the limit of one task, and was stopped.");
            }
            throw fail(context, invocation, failed);
        }
        return new ProcessResult(process.exitValue(), stdout.bytes(), secrets.redact(stderr.text()), elapsed);
    }

    private List<String> command(FfmpegInvocation invocation) {
        List<String> command = new ArrayList<>();
        command.add(executables.apply(invocation.tool()).toString());
        if (invocation.progressListener() != null) {
            // Global options first, so every argument list works unchanged with or without progress.
            command.addAll(List.of("-progress", "pipe:1", "-nostats"));
        }
        command.addAll(invocation.args());
        return command;
    }

    private static FfmpegFailure fail(String context, FfmpegInvocation invocation, FfmpegFailure failure) {
        LOG.logf(
                invocation.quiet() ? Logger.Level.DEBUG : Logger.Level.WARN,
                "%s: %s",
                context == null ? "-" : context,
                failure.diagnostics());
        return failure;
    }

    /** Kills the process and everything it started; descendants are collected first, while still linked. */
    private static void killTree(Process process) {
        closeStdin(process); // the parent watch kills the command even if the signals below miss it
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean awaitExit(Process process) {
        try {
            return process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void awaitPump(Future<?> pump) {
        try {
            pump.get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // A pipe held open by an escaped grandchild, or a read error: the output so far is all we get.
            pump.cancel(true);
        }
    }

    /**
     * Closes the pipe {@link ParentWatch} watches: nothing is ever written to it, and it stays open
     * while the command runs, since closing it is what kills the command.
     */
    private static void closeStdin(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the process may already be gone
        }
    }

    /**
     * Behind the shell a missing binary would show as exit status 127; checked first so it stays the
     * transient "could not start" failure it is.
     */
    private static void requireExecutable(Path executable) throws IOException {
        if (!Files.isExecutable(executable)) {
            throw new IOException("Cannot run program \"" + executable + "\": not an executable file");
        }
    }

    private static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static void pumpBytes(InputStream in, OutputTail tail) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                tail.write(buffer, 0, n);
            }
        } catch (IOException ignored) {
            // the pipe closes when the process is killed
        }
    }

    private static ProgressListener guarded(ProgressListener listener, String context) {
        AtomicBoolean warned = new AtomicBoolean();
        return progress -> {
            try {
                listener.onProgress(progress);
            } catch (RuntimeException e) {
                // A failing listener must not stop the pump: ffmpeg would block on a full pipe.
                if (warned.compareAndSet(false, true)) {
                    LOG.warnf(e, "%s: progress listener failed; further failures are not logged", context);
                }
            }
        };
    }

    /** Where a process's stdout goes. */
    private interface StdoutSink {
        void consume(InputStream in);

        byte[] bytes();

        boolean overflowed();
    }

    /** Keeps stdout up to a limit; past it, kills the process rather than buffer without bound. */
    private static final class CaptureSink implements StdoutSink {
        private final int limit;
        private final Runnable onOverflow;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private volatile boolean overflowed;

        CaptureSink(int limit, Runnable onOverflow) {
            this.limit = limit;
            this.onOverflow = onOverflow;
        }

        @Override
        public void consume(InputStream in) {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (out.size() + n > limit) {
                        overflowed = true;
                        onOverflow.run();
                        return;
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // the pipe closes when the process is killed
            }
        }

        @Override
        public byte[] bytes() {
            return out.toByteArray();
        }

        @Override
        public boolean overflowed() {
            return overflowed;
        }
    }

    /** Feeds stdout lines to a progress parser; nothing is kept. */
    private static final class ProgressSink implements StdoutSink {
        private final ProgressParser parser;

        ProgressSink(ProgressParser parser) {
            this.parser = parser;
        }

        @Override
        public void consume(InputStream in) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    parser.line(line);
                }
            } catch (IOException ignored) {
                // the pipe closes when the process is killed
            }
        }

        @Override
        public byte[] bytes() {
            return new byte[0];
        }

        @Override
        public boolean overflowed() {
            return false;
        }
    }
}
