package dev.smidgen.transcode;

import dev.smidgen.media.FfmpegBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the bundled ffmpeg executable is extracted and runnable on this machine. */
@Readiness
public class FfmpegHealthCheck implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
        try {
            Path ffmpeg = FfmpegBinaries.get().ffmpeg();
            return Files.isExecutable(ffmpeg)
                    ? HealthCheckResponse.builder()
                            .name("ffmpeg")
                            .up()
                            .withData("path", ffmpeg.toString())
                            .build()
                    : HealthCheckResponse.builder()
                            .name("ffmpeg")
                            .down()
                            .withData("path", ffmpeg.toString())
                            .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.builder()
                    .name("ffmpeg")
                    .down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
