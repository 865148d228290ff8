package dev.smidgen.media.transcode;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.StoreReadFault;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.model.ErrorCode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells from ffmpeg's stderr whether a failed run choked on its input (unreadable container, frames that
 * do not decode) rather than on its own arguments or encoders. FFmpeg 7+ prefixes messages with the
 * component that wrote them: {@code [in#0]} is the demuxer, {@code [vist#0:0]} / {@code [aist#0:1]} an
 * input stream and {@code [dec:h264]} its decoder, while output-side messages ({@code [out#0]},
 * {@code [vost#0:0]}, {@code [enc:libx264]}) follow an input failure as its echo, never its cause.
 */
public final class InputFault {
    private static final Pattern INPUT_SIDE = Pattern.compile(
            "Error opening input|\\[in#\\d|\\[[av]?ist#\\d|\\[dec:|Invalid data found when processing input"
                    + "|Cannot determine format of input");

    private InputFault() {}

    /**
     * What a failed conversion run of {@code input} means for its task: a store's read failure as the
     * store names it (checked first: a lost connection can also look like a truncated input), a run
     * past its deadline as {@code deadline_exceeded} (the deadline was derived from this input, so
     * another try would run into it again), an input that does not decode as a permanent {@code
     * unsupported_media}, anything else as it is.
     */
    public static FfmpegFailure classify(MediaInput input, FfmpegFailure failure) {
        Optional<FfmpegFailure> storeFault = StoreReadFault.of(input, failure);
        if (storeFault.isPresent()) {
            return storeFault.get();
        }
        if (failure.reason() == FfmpegFailure.Reason.TIMED_OUT) {
            return failure.as(ErrorCode.DEADLINE_EXCEEDED, failure.getMessage());
        }
        // ffmpeg exits non-zero both for unreadable input and for its own trouble; only its stderr tells.
        if (failure.reason() == FfmpegFailure.Reason.EXIT_STATUS
                && !failure.isTransient()
                && blamesInput(failure.stderrTail())) {
            return failure.as(
                    ErrorCode.UNSUPPORTED_MEDIA, "The file cannot be decoded; it may be corrupt or truncated.");
        }
        return failure;
    }

    /** Whether {@code stderrTail} shows the input failing to open or decode. */
    public static boolean blamesInput(String stderrTail) {
        return stderrTail != null && INPUT_SIDE.matcher(stderrTail).find();
    }
}
