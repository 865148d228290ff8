package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.transcode.InputFault;
import dev.smidgen.media.transcode.TranscodeResult;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One FFmpeg run that writes one file: the output's directory must exist, a leftover of an earlier
 * attempt is removed first, and a run that fails or writes nothing leaves no file behind. Failures are
 * classified against the run's input ({@link InputFault}); the runner has logged the command and the
 * stderr tail.
 */
final class OutputRun {
    private OutputRun() {}

    /**
     * @param input  what the run reads, for classifying its failure; null when it reads only files this
     *               package wrote (a join), whose failure is then this side's
     * @param what   the output in a log line and an error message ("segment 3", "audio track")
     */
    static TranscodeResult run(
            FfmpegRunner runner,
            FfmpegInvocation invocation,
            MediaInput input,
            Path output,
            String what,
            String context) {
        if (output.getParent() == null || !Files.isDirectory(output.getParent())) {
            throw new SmidgenException(ErrorCode.INTERNAL, "The directory of the " + what + " does not exist.");
        }
        long started = System.nanoTime();
        try {
            Files.deleteIfExists(output);
            try {
                runner.run(invocation, context);
            } catch (FfmpegFailure failure) {
                throw input == null ? failure : InputFault.classify(input, failure);
            }
            long bytes = Files.isRegularFile(output) ? Files.size(output) : 0;
            if (bytes == 0) {
                throw new SmidgenException(
                        ErrorCode.UNSUPPORTED_MEDIA, "The " + what + " holds nothing that can be decoded.");
            }
            return new TranscodeResult(output, bytes, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            deleteQuietly(output);
            throw SmidgenException.transientFailure(ErrorCode.INTERNAL, "The " + what + " file is not usable.", e);
        } catch (RuntimeException e) {
            deleteQuietly(output);
            throw e;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the caller discards its work directory anyway
        }
    }
}
