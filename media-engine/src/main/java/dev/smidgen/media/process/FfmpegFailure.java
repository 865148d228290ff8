package dev.smidgen.media.process;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.time.Duration;

/**
 * An ffmpeg/ffprobe run that did not succeed, with what is needed to reproduce it: the exact command
 * line, the exit code and the tail of stderr. The message is safe to show a client (no paths); the
 * diagnostics are for logs. Code {@link ErrorCode#INTERNAL} unless re-classified with {@link #as}.
 */
public final class FfmpegFailure extends SmidgenException {

    /** Why the run failed. */
    public enum Reason {
        /** The process could not be started. */
        NOT_STARTED,
        /** It exited with a non-zero status. */
        EXIT_STATUS,
        /** It ran past its timeout and was killed. */
        TIMED_OUT,
        /** It wrote more to stdout than the invocation allows and was killed. */
        OUTPUT_TOO_LARGE,
        /** The calling thread was interrupted; the process was killed. */
        INTERRUPTED,
        /** It failed to allocate memory under its {@link MemoryCeiling}. */
        MEMORY_LIMIT
    }

    private final Tool tool;
    private final Reason reason;
    private final String commandLine;
    private final Integer exitCode;
    private final String stderrTail;
    private final Duration elapsed;

    FfmpegFailure(
            Tool tool,
            Reason reason,
            String commandLine,
            Integer exitCode,
            String stderrTail,
            Duration elapsed,
            Duration timeout,
            Throwable cause) {
        this(
                ErrorCode.INTERNAL,
                clientMessage(tool, reason, exitCode, timeout),
                isTransient(reason, exitCode),
                cause,
                tool,
                reason,
                commandLine,
                exitCode,
                stderrTail,
                elapsed);
    }

    private FfmpegFailure(
            ErrorCode code,
            String message,
            boolean transientFailure,
            Throwable cause,
            Tool tool,
            Reason reason,
            String commandLine,
            Integer exitCode,
            String stderrTail,
            Duration elapsed) {
        super(code, message, null, transientFailure, cause);
        this.tool = tool;
        this.reason = reason;
        this.commandLine = commandLine;
        this.exitCode = exitCode;
        this.stderrTail = stderrTail;
        this.elapsed = elapsed;
    }

    /**
     * The same failure re-classified, e.g. as {@link ErrorCode#UNSUPPORTED_MEDIA} when the input is to
     * blame. Not transient: a bad input stays bad.
     */
    public FfmpegFailure as(ErrorCode newCode, String clientMessage) {
        return new FfmpegFailure(
                newCode, clientMessage, false, getCause(), tool, reason, commandLine, exitCode, stderrTail, elapsed);
    }

    /**
     * The same failure re-classified as a transient one, e.g. {@link ErrorCode#UNAVAILABLE} when the storage
     * the input came from failed: another try may succeed.
     */
    public FfmpegFailure asTransient(ErrorCode newCode, String clientMessage) {
        return new FfmpegFailure(
                newCode, clientMessage, true, getCause(), tool, reason, commandLine, exitCode, stderrTail, elapsed);
    }

    public Tool tool() {
        return tool;
    }

    public Reason reason() {
        return reason;
    }

    /** The command as a pasteable shell line (executable path included). */
    public String commandLine() {
        return commandLine;
    }

    /** The exit status, or null when the process never finished on its own (timeout, not started). */
    public Integer exitCode() {
        return exitCode;
    }

    /** The last lines of stderr (at most ~4 KiB / 30 lines), possibly empty. */
    public String stderrTail() {
        return stderrTail;
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** One-line summary of what went wrong, e.g. {@code ffmpeg failed (exit 1)}. */
    public String summary() {
        return tool.executableName() + " failed (" + describe(reason, exitCode) + ")";
    }

    /** The log form: summary, command line and stderr tail. */
    public String diagnostics() {
        return summary() + ": " + commandLine + (stderrTail.isEmpty() ? "" : "\n" + stderrTail);
    }

    private static String describe(Reason reason, Integer exitCode) {
        return switch (reason) {
            case EXIT_STATUS -> "exit " + exitCode;
            case TIMED_OUT -> "timed out";
            case OUTPUT_TOO_LARGE -> "output too large";
            case INTERRUPTED -> "interrupted";
            case NOT_STARTED -> "could not start";
            case MEMORY_LIMIT -> "memory limit, exit " + exitCode;
        };
    }

    private static String clientMessage(Tool tool, Reason reason, Integer exitCode, Duration timeout) {
        return switch (reason) {
            case TIMED_OUT -> "Media processing took longer than " + human(timeout) + " and was stopped.";
            case EXIT_STATUS -> "Media processing failed (" + tool.executableName() + " exit status " + exitCode + ").";
            default -> "Media processing failed (" + tool.executableName() + " " + describe(reason, exitCode) + ").";
        };
    }

    private static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static boolean isTransient(Reason reason, Integer exitCode) {
        return switch (reason) {
            // 128+n (n = 1..31) means killed by signal n (the OOM killer, a shutdown): worth another try.
            // Above that range are FFmpeg's own errors, exited as (AVERROR & 0xFF): 183 for invalid data,
            // 187 for an external-library error, 222..255 for errno codes. Retrying those fails the same way.
            case EXIT_STATUS -> exitCode != null && exitCode > 128 && exitCode < 160;
            // The same input needs the same memory on the next try.
            case OUTPUT_TOO_LARGE, MEMORY_LIMIT -> false;
            // Not started (fork failed under memory pressure), timed out on a busy machine, interrupted.
            case NOT_STARTED, TIMED_OUT, INTERRUPTED -> true;
        };
    }
}
