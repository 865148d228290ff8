package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.transcode.InputFault;
import dev.smidgen.media.transcode.PackageDirectory;
import dev.smidgen.media.transcode.hls.HlsPackager;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One FFmpeg run that writes HLS files into an empty directory, which it runs in: a run that fails or
 * writes nothing leaves the directory empty.
 */
final class PackageRun {
    private PackageRun() {}

    static PackagePart run(
            FfmpegRunner runner,
            FfmpegInvocation invocation,
            MediaInput input,
            Path directory,
            String what,
            String context) {
        PackageDirectory.requireReady(input, directory, what);
        long started = System.nanoTime();
        try {
            try {
                runner.run(invocation.inDirectory(directory), context);
            } catch (FfmpegFailure failure) {
                throw InputFault.classify(input, failure);
            }
            List<String> files = HlsPackager.files(directory);
            if (files.isEmpty()) {
                throw new SmidgenException(
                        ErrorCode.UNSUPPORTED_MEDIA, "The " + what + " holds nothing that can be decoded.");
            }
            long bytes = 0;
            for (String file : files) {
                bytes += Files.size(directory.resolve(file));
            }
            return new PackagePart(directory, files, bytes, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            PackageDirectory.clear(directory);
            throw SmidgenException.transientFailure(ErrorCode.INTERNAL, "The " + what + " files are not usable.", e);
        } catch (RuntimeException e) {
            PackageDirectory.clear(directory);
            throw e;
        }
    }
}
