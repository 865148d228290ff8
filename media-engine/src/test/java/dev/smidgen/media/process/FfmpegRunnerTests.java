package dev.smidgen.media.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against the real bundled ffmpeg/ffprobe. */
class FfmpegRunnerTests {
    private final FfmpegRunner runner = FfmpegRunner.shared();

    @Test
    void killsTheProcessOnTimeout() {
        String marker = "smidgen-timeout-" + UUID.randomUUID();
        FfmpegInvocation endless = EndlessFfmpegMain.endless(marker).withTimeout(Duration.ofMillis(800));
        long started = System.nanoTime();
        FfmpegFailure failure = assertThrows(FfmpegFailure.class, () -> runner.run(endless, "task_timeout"));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(FfmpegFailure.Reason.TIMED_OUT, failure.reason());
        assertNull(failure.exitCode());
        assertEquals(ErrorCode.INTERNAL, failure.code());
        assertTrue(failure.isTransient());
        assertTrue(tookMillis < 5000, "returned after " + tookMillis + " ms");
        assertTrue(failure.commandLine().contains(marker));
        assertFalse(
                ProcessHandle.allProcesses()
                        .anyMatch(p -> p.isAlive()
                                && p.info()
                                        .commandLine()
                                        .map(c -> c.contains(marker))
                                        .orElse(false)),
                "the ffmpeg process survived");
    }

    @Test
    void aRunPastItsMemoryCeilingFailsAsAResourceLimit() {
        // One 16000x16000 frame needs ~770 MB; the ceiling leaves ffmpeg room to start but not for that.
        FfmpegInvocation bomb = oneColourFrame("16000x16000").withMemoryLimit(512L << 20);
        FfmpegFailure failure = assertThrows(FfmpegFailure.class, () -> runner.run(bomb, "task_ceiling"));

        assertEquals(FfmpegFailure.Reason.MEMORY_LIMIT, failure.reason(), failure.diagnostics());
        assertEquals(ErrorCode.RESOURCE_LIMIT, failure.code());
        assertFalse(failure.isTransient());
        assertTrue(failure.getMessage().contains("512 MiB"), failure.getMessage());
        assertTrue(failure.commandLine().contains("ulimit -v 524288"), failure.commandLine());
        // A small frame runs under the same ceiling.
        runner.run(oneColourFrame("64x64").withMemoryLimit(512L << 20), "task_ceiling_ok");
    }

    /** Decodes nothing and writes nothing: one generated frame of {@code size}, thrown away. */
    private static FfmpegInvocation oneColourFrame(String size) {
        return FfmpegInvocation.ffmpeg(List.of(
                "-nostdin",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "color=black:s=" + size,
                "-frames:v",
                "1",
                "-f",
                "null",
                "-"));
    }

    @Test
    void failureCarriesAndLogsCommandAndStderrTail() {
        List<String> logged = captureWarnings();
        FfmpegInvocation missingInput = FfmpegInvocation.ffmpeg(List.of(
                "-nostdin",
                "-hide_banner",
                "-v",
                "error",
                "-protocol_whitelist",
                "file",
                "-i",
                "file:/nonexistent/smidgen/in.mp4",
                "-f",
                "null",
                "-"));

        FfmpegFailure failure = assertThrows(FfmpegFailure.class, () -> runner.run(missingInput, "task_abc123"));

        assertEquals(FfmpegFailure.Reason.EXIT_STATUS, failure.reason());
        assertNotEquals(0, failure.exitCode());
        assertTrue(failure.stderrTail().contains("No such file or directory"), failure.stderrTail());
        assertTrue(
                failure.commandLine().endsWith(" -i file:/nonexistent/smidgen/in.mp4 -f null -"),
                failure.commandLine());
        assertFalse(
                failure.getMessage().contains("/nonexistent"),
                "client message leaks the path: " + failure.getMessage());
        String expected = "task_abc123: ffmpeg failed (exit " + failure.exitCode() + "): " + failure.commandLine()
                + "\n" + failure.stderrTail();
        assertTrue(logged.contains(expected), "WARN lines: " + logged);
    }

    @Test
    void reclassifiedFailureKeepsDiagnostics() {
        FfmpegInvocation bad = FfmpegInvocation.ffprobe(List.of("-v", "error", "file:/nonexistent/smidgen/x.png"));
        FfmpegFailure failure = assertThrows(FfmpegFailure.class, () -> runner.run(bad, "task_x"));
        FfmpegFailure unsupported = failure.as(ErrorCode.UNSUPPORTED_MEDIA, "Not media.");
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, unsupported.code());
        assertEquals("Not media.", unsupported.getMessage());
        assertFalse(unsupported.isTransient());
        assertEquals(failure.commandLine(), unsupported.commandLine());
        assertEquals(failure.stderrTail(), unsupported.stderrTail());
    }

    @Test
    void capturesStdoutWithinItsLimit(@TempDir Path dir) {
        FfmpegInvocation colour = FfmpegInvocation.ffmpeg(List.of(
                "-nostdin",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "color=c=0x336699:size=8x8:rate=1",
                "-frames:v",
                "1",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "rgb24",
                "pipe:1"));
        ProcessResult result = runner.run(colour, "task_stdout");
        assertEquals(0, result.exitCode());
        assertEquals(8 * 8 * 3, result.stdout().length);
        assertEquals(0x33, result.stdout()[0] & 0xFF, 3, "red of #336699 after a YUV round trip");

        FfmpegFailure tooMuch =
                assertThrows(FfmpegFailure.class, () -> runner.run(colour.withStdoutLimit(100), "task_stdout"));
        assertEquals(FfmpegFailure.Reason.OUTPUT_TOO_LARGE, tooMuch.reason());
    }

    @Test
    void runsInTheWorkingDirectory(@TempDir Path dir) {
        FfmpegInvocation relative = FfmpegInvocation.ffmpeg(List.of(
                        "-nostdin",
                        "-v",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "color=c=blue:size=16x16:rate=1",
                        "-frames:v",
                        "1",
                        "-y",
                        "out.png"))
                .inDirectory(dir);
        runner.run(relative, "task_wd");
        assertTrue(Files.isRegularFile(dir.resolve("out.png")));
    }

    @Test
    void streamsProgressToTheListener() {
        List<Progress> reports = new CopyOnWriteArrayList<>();
        FfmpegInvocation encode = FfmpegInvocation.ffmpeg(List.of(
                        "-nostdin",
                        "-v",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=160x120:rate=25:duration=2",
                        "-c:v",
                        "mjpeg",
                        "-f",
                        "null",
                        "-"))
                .withProgress(reports::add, 2.0);
        ProcessResult result = runner.run(encode, "task_progress");

        assertEquals(0, result.stdout().length);
        assertFalse(reports.isEmpty());
        Progress last = reports.get(reports.size() - 1);
        assertTrue(last.done());
        assertEquals(1.0, last.fraction());
        assertEquals(2.0, last.outTimeSeconds(), 0.1);
        double previous = 0;
        for (Progress p : reports) {
            assertTrue(p.fraction() >= previous && p.fraction() <= 1.0, reports.toString());
            previous = p.fraction();
        }
    }

    @Test
    void aProcessThatCannotStartIsATransientFailure() {
        FfmpegRunner broken = new FfmpegRunner(tool -> Path.of("/nonexistent/ffmpeg"), Path.of("/nonexistent"));
        FfmpegFailure failure = assertThrows(
                FfmpegFailure.class, () -> broken.run(FfmpegInvocation.ffmpeg(List.of("-version")), "task_start"));
        assertEquals(FfmpegFailure.Reason.NOT_STARTED, failure.reason());
        assertTrue(failure.isTransient());
    }

    /** Collects the runner's WARN messages, formatted, from the JBoss LogManager the tests run with. */
    private static List<String> captureWarnings() {
        List<String> messages = new ArrayList<>();
        Logger logger = Logger.getLogger(FfmpegRunner.class.getName());
        logger.addHandler(new Handler() {
            // getFormattedMessage is deprecated, but it is how JBoss renders its printf-style records.
            @SuppressWarnings("deprecation")
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    messages.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        return messages;
    }
}
