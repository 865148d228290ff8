package dev.smidgen.media.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to run: a bundled tool, its arguments (without the executable), and how to treat the process.
 * Immutable; the {@code with...} methods return adjusted copies.
 *
 * @param tool                    ffmpeg or ffprobe
 * @param args                    arguments after the executable
 * @param timeout                 wall-clock limit; on expiry the process tree is killed
 * @param workingDirectory        the process's working directory, or null for the JVM's
 * @param stdoutLimit             most stdout bytes kept in the result; more fails the run
 * @param progressListener        when set, ffmpeg gets {@code -progress pipe:1 -nostats} and its stdout
 *                                is parsed into progress reports instead of being captured
 * @param expectedDurationSeconds the output duration progress fractions are relative to, or null
 * @param quiet                   a failure is an expected answer, not news (probing the first bytes of a
 *                                download): logged at debug level instead of as a warning
 * @param memoryLimitBytes        the process's virtual memory ceiling, set by the OS where it can
 *                                ({@code ulimit -v}); 0 for none
 */
public record FfmpegInvocation(
        Tool tool,
        List<String> args,
        Duration timeout,
        Path workingDirectory,
        int stdoutLimit,
        ProgressListener progressListener,
        Double expectedDurationSeconds,
        boolean quiet,
        long memoryLimitBytes) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);
    public static final int DEFAULT_STDOUT_LIMIT = 1 << 20;

    public FfmpegInvocation {
        Objects.requireNonNull(tool, "tool");
        args = List.copyOf(args);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (stdoutLimit < 0) {
            throw new IllegalArgumentException("stdoutLimit must not be negative");
        }
        if (progressListener != null && tool != Tool.FFMPEG) {
            throw new IllegalArgumentException("only ffmpeg reports progress");
        }
        if (memoryLimitBytes < 0) {
            throw new IllegalArgumentException("memoryLimitBytes must not be negative");
        }
    }

    /** An ffmpeg run with the default timeout and stdout limit. */
    public static FfmpegInvocation ffmpeg(List<String> args) {
        return new FfmpegInvocation(
                Tool.FFMPEG, args, DEFAULT_TIMEOUT, null, DEFAULT_STDOUT_LIMIT, null, null, false, 0);
    }

    /** An ffprobe run with the default timeout and stdout limit. */
    public static FfmpegInvocation ffprobe(List<String> args) {
        return new FfmpegInvocation(
                Tool.FFPROBE, args, DEFAULT_TIMEOUT, null, DEFAULT_STDOUT_LIMIT, null, null, false, 0);
    }

    public FfmpegInvocation withTimeout(Duration newTimeout) {
        return new FfmpegInvocation(
                tool,
                args,
                newTimeout,
                workingDirectory,
                stdoutLimit,
                progressListener,
                expectedDurationSeconds,
                quiet,
                memoryLimitBytes);
    }

    public FfmpegInvocation inDirectory(Path directory) {
        return new FfmpegInvocation(
                tool,
                args,
                timeout,
                directory,
                stdoutLimit,
                progressListener,
                expectedDurationSeconds,
                quiet,
                memoryLimitBytes);
    }

    public FfmpegInvocation withStdoutLimit(int limit) {
        return new FfmpegInvocation(
                tool,
                args,
                timeout,
                workingDirectory,
                limit,
                progressListener,
                expectedDurationSeconds,
                quiet,
                memoryLimitBytes);
    }

    /** Streams progress to {@code listener}; fractions are relative to {@code expectedSeconds} (null if unknown). */
    public FfmpegInvocation withProgress(ProgressListener listener, Double expectedSeconds) {
        return new FfmpegInvocation(
                tool,
                args,
                timeout,
                workingDirectory,
                stdoutLimit,
                Objects.requireNonNull(listener, "listener"),
                expectedSeconds,
                quiet,
                memoryLimitBytes);
    }

    /** Logs a failure at debug level only: the caller expects some runs to fail and copes. */
    public FfmpegInvocation quietly() {
        return new FfmpegInvocation(
                tool,
                args,
                timeout,
                workingDirectory,
                stdoutLimit,
                progressListener,
                expectedDurationSeconds,
                true,
                memoryLimitBytes);
    }

    /** Runs the process under a virtual memory ceiling of {@code bytes} (0: none); see {@link MemoryCeiling}. */
    public FfmpegInvocation withMemoryLimit(long bytes) {
        return new FfmpegInvocation(
                tool,
                args,
                timeout,
                workingDirectory,
                stdoutLimit,
                progressListener,
                expectedDurationSeconds,
                quiet,
                bytes);
    }
}
