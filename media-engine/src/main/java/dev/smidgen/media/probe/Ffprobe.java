package dev.smidgen.media.probe;

import dev.smidgen.media.FfmpegCommands;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.StoreReadFault;
import dev.smidgen.media.decode.MediaBytes;
import dev.smidgen.media.limits.PictureLimits;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.process.ProcessResult;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Probes media, a local file or a store URL, with the bundled ffprobe. */
public final class Ffprobe {
    /** ffprobe reads headers only (~70 ms); longer means a pathological input or a starved machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** ffprobe's JSON for files with thousands of streams or chapters stays well below this. */
    static final int MAX_REPORT_BYTES = 4 << 20;

    /** A decoder's refusal of a picture over {@code -max_pixels}, e.g. {@code Picture size 16000x16000 exceeds ...}. */
    private static final Pattern OVER_MAX_PIXELS =
            Pattern.compile("Picture size (\\d+)x(\\d+) exceeds specified max pixel count");

    private static final Pattern REFUSED_DEMUXER = Pattern.compile("\\[([\\w,]+) @ [^]]*] Format not on whitelist");

    private Ffprobe() {}

    /** Probes a local file with the shared runner; see {@link #probe(MediaInput, String, FfmpegRunner)}. */
    public static ProbeResult probe(Path file, String context) {
        return probe(MediaInput.file(file), context, FfmpegRunner.shared());
    }

    /** Probes {@code media} with the shared runner; see {@link #probe(MediaInput, String, FfmpegRunner)}. */
    public static ProbeResult probe(MediaInput media, String context) {
        return probe(media, context, FfmpegRunner.shared());
    }

    /**
     * Reads what {@code media} is: a local file, handed to ffprobe as a {@code file:} URL, or a store URL,
     * each under its protocol and demuxer whitelist ({@link MediaInput}).
     *
     * @param context who the work is for (the task id), used in log lines
     * @throws SmidgenException {@link ErrorCode#UNSUPPORTED_MEDIA} for anything that is not media Smidgen
     *                          reads (including a file ffprobe fails on); {@link ErrorCode#INTERNAL}
     *                          ({@link FfmpegFailure}, transient) if ffprobe cannot run or times out;
     *                          for a store URL, a transient {@link ErrorCode#UNAVAILABLE} when reading it
     *                          failed and {@link ErrorCode#NOT_FOUND} when the object is gone ({@link StoreReadFault})
     */
    public static ProbeResult probe(MediaInput media, String context, FfmpegRunner runner) {
        return probe(media, context, runner, PictureLimits.defaults(), false);
    }

    /**
     * {@link #probe(MediaInput, String, FfmpegRunner)} with the shared runner, refusing a picture or frame
     * count over {@code limits} before anything decodes it.
     *
     * @throws SmidgenException also {@link ErrorCode#INPUT_TOO_LARGE} (permanent) past {@code limits}
     */
    public static ProbeResult probe(MediaInput media, String context, PictureLimits limits) {
        return probe(media, context, FfmpegRunner.shared(), limits, false);
    }

    /**
     * Probes {@code media} when a failure is no news, such as the first bytes of a download that may not
     * probe until the rest is there: empty when it does not probe (or ffprobe cannot run), and failures
     * are logged at debug level only.
     */
    public static Optional<ProbeResult> tryProbe(MediaInput media, String context) {
        try {
            return Optional.of(probe(media, context, FfmpegRunner.shared(), PictureLimits.defaults(), true));
        } catch (SmidgenException e) {
            return Optional.empty();
        }
    }

    private static ProbeResult probe(
            MediaInput media, String context, FfmpegRunner runner, PictureLimits limits, boolean quiet) {
        long size = media.size();
        if (size == 0) {
            throw ProbeParser.unsupported("The file is empty.");
        }
        FfmpegInvocation probe = FfmpegInvocation.ffprobe(FfmpegCommands.probe(media, limits.maxPixels()))
                .withTimeout(TIMEOUT)
                .withStdoutLimit(MAX_REPORT_BYTES);
        FfmpegInvocation invocation = quiet ? probe.quietly() : probe;
        String json;
        try {
            ProcessResult result = runner.run(invocation, context);
            refuseOverMaxPixels(result.stderrTail(), limits);
            json = result.stdoutText();
        } catch (FfmpegFailure failure) {
            refuseOverMaxPixels(failure.stderrTail(), limits);
            if (failure.reason() != FfmpegFailure.Reason.EXIT_STATUS
                    && failure.reason() != FfmpegFailure.Reason.OUTPUT_TOO_LARGE) {
                throw failure;
            }
            // The store's trouble first: a lost connection can also leave the demuxer with a short read.
            throw StoreReadFault.of(media, failure)
                    // ffprobe exits non-zero exactly when it cannot read the input; its -show_error names why.
                    .orElseGet(() -> failure.as(ErrorCode.UNSUPPORTED_MEDIA, reasonFrom(failure.stderrTail())));
        }
        ProbeResult parsed =
                ProbeParser.isUndecodedWebp(json) ? animatedWebp(media, size) : ProbeParser.parse(json, size);
        limits.check(parsed);
        return parsed;
    }

    /**
     * A WebP that ffprobe shows without a size, which its decoder does for an animation: the facts from its
     * RIFF chunks instead, streamed from a store URL where it is one. Anything else of that kind (a damaged
     * still) fails there as unsupported media.
     */
    private static ProbeResult animatedWebp(MediaInput media, long size) {
        try (InputStream in = new BufferedInputStream(MediaBytes.open(media), 1 << 16)) {
            return AnimatedWebp.probe(in, size);
        } catch (IOException e) {
            throw media.isRemote()
                    ? SmidgenException.transientFailure(
                            ErrorCode.UNAVAILABLE, "Reading the media from storage failed.", e)
                    : ProbeParser.unsupported("The WebP file cannot be read.");
        }
    }

    /**
     * The decoder stopped at a picture over the limit: ffprobe still exits 0, with the stream's size
     * unknown, so its stderr is where the refusal shows.
     */
    private static void refuseOverMaxPixels(String stderr, PictureLimits limits) {
        Matcher over = OVER_MAX_PIXELS.matcher(stderr);
        if (over.find()) {
            throw limits.tooManyPixels(Long.parseLong(over.group(1)), Long.parseLong(over.group(2)));
        }
    }

    /** A client-safe reason from ffprobe's stderr: its messages, never the file's path. */
    static String reasonFrom(String stderrTail) {
        Matcher refused = REFUSED_DEMUXER.matcher(stderrTail);
        if (refused.find()) {
            // Detected as a format off the allow-list (-format_whitelist): say which, as the parser would.
            String demuxer = refused.group(1);
            return demuxer.equals("tty")
                    ? "The file is text, not media."
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
}
