package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.transcode.InputFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One ffprobe run of this package over an input, under the input's protocol and demuxer whitelists,
 * returning its text report; a failure is classified as a conversion's ({@link InputFault}).
 */
final class ProbeReport {
    private ProbeReport() {}

    /**
     * @param options     what to show and how (everything between the input's options and the input)
     * @param stdoutLimit most bytes of report kept; more fails the run
     */
    static String of(
            FfmpegRunner runner,
            MediaInput input,
            List<String> options,
            Duration timeout,
            int stdoutLimit,
            String context) {
        List<String> args = new ArrayList<>(List.of("-v", input.logLevel(), "-hide_banner"));
        args.addAll(input.inputOptions());
        args.addAll(options);
        args.add(input.ffmpegInput());
        try {
            return runner.run(
                            FfmpegInvocation.ffprobe(args).withTimeout(timeout).withStdoutLimit(stdoutLimit), context)
                    .stdoutText();
        } catch (FfmpegFailure failure) {
            throw InputFault.classify(input, failure);
        }
    }
}
