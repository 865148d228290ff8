package dev.smidgen.media.transcode;

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

    /** Whether {@code stderrTail} shows the input failing to open or decode. */
    public static boolean blamesInput(String stderrTail) {
        return stderrTail != null && INPUT_SIDE.matcher(stderrTail).find();
    }
}
