package dev.smidgen.media.probe;

import dev.smidgen.media.FfmpegCommands;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.process.ProcessResult;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Probes local media files with the bundled ffprobe. */
public final class Ffprobe {
    /** ffprobe reads headers only (~70 ms); longer means a pathological input or a starved machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** ffprobe's JSON for files with thousands of streams or chapters stays well below this. */
    static final int MAX_REPORT_BYTES = 4 << 20;
    private static final Pattern REFUSED_DEMUXER = Pattern.compile("\\[([\\w,]+) @ [^]]*] Format not on whitelist");

    private Ffprobe() {
    }

    /** Probes {@code file} with the shared runner; see {@link #probe(Path, String, FfmpegRunner)}. */
    public static ProbeResult probe(Path file, String context) {
        return probe(file, context, FfmpegRunner.shared());
    }

    /**
     * Reads what {@code file} is. Only local regular files: the path is handed to ffprobe as a
     * {@code file:} URL under a protocol and demuxer whitelist, never as a URL of its own.
     *
     * @param context who the work is for (the task id), used in log lines
     * @throws SmidgenException {@link ErrorCode#UNSUPPORTED_MEDIA} for anything that is not media Smidgen
     *                          reads (including a file ffprobe fails on); {@link ErrorCode#INTERNAL}
     *                          ({@link FfmpegFailure}, transient) if ffprobe cannot run or times out
     */
    public static ProbeResult probe(Path file, String context, FfmpegRunner runner) {
        long size = size(file);
        if (size == 0) {
            throw ProbeParser.unsupported("The file is empty.");
        }
        FfmpegInvocation invocation = FfmpegInvocation.ffprobe(FfmpegCommands.probe(file))
                .withTimeout(TIMEOUT)
                .withStdoutLimit(MAX_REPORT_BYTES);
        String json;
        try {
            ProcessResult result = runner.run(invocation, context);
            json = result.stdoutText();
        } catch (FfmpegFailure failure) {
            if (failure.reason() != FfmpegFailure.Reason.EXIT_STATUS
                    && failure.reason() != FfmpegFailure.Reason.OUTPUT_TOO_LARGE) {
                throw failure;
            }
            // ffprobe exits non-zero exactly when it cannot read the input; its -show_error names why.
            throw failure.as(ErrorCode.UNSUPPORTED_MEDIA, reasonFrom(failure.stderrTail()));
        }
        return ProbeParser.parse(json, size);
    }

    /** A client-safe reason from ffprobe's stderr: its messages, never the file's path. */
    static String reasonFrom(String stderrTail) {
        Matcher refused = REFUSED_DEMUXER.matcher(stderrTail);
        if (refused.find()) {
            // Detected as a format off the allow-list (-format_whitelist): say which, as the parser would.
            String demuxer = refused.group(1);
            return demuxer.equals("tty") ? "The file is text, not media."
                    : "The file's format (" + demuxer + ") is not supported.";
        }
        String[] lines = stderrTail.split("\n");
        String last = lines[lines.length - 1];
        int colon = last.lastIndexOf(": ");
        // ffprobe's last line is "<input>: <reason>", e.g. "Invalid data found when processing input".
        String reason = colon >= 0 ? last.substring(colon + 2).trim() : "";
        return reason.isEmpty() || reason.contains("/")
                ? "The file is not media Smidgen can read."
                : "The file is not media Smidgen can read (" + reason + ").";
    }

    private static long size(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SmidgenException(ErrorCode.INTERNAL, "The file to probe does not exist.");
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw SmidgenException.transientFailure(ErrorCode.INTERNAL, "The file to probe cannot be read.", e);
        }
    }
}
