package dev.smidgen.media.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smidgen.media.FfmpegBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** FFmpeg dies with the JVM that started it, even when that JVM is SIGKILLed. */
class ParentWatchTests {

    @Test
    void ffmpegDiesWithinTwoSecondsOfItsWorkerBeingKilled() throws Exception {
        assumeTrue(ParentWatch.available(), "needs /bin/sh");
        String marker = "smidgen-orphan-" + UUID.randomUUID();
        Process worker = startWorker(marker);
        try {
            ProcessHandle ffmpeg = awaitFfmpeg(worker, marker);

            worker.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            worker.waitFor();
            long killedAt = System.nanoTime();
            while (running(ffmpeg) && System.nanoTime() - killedAt < 2_000_000_000L) {
                Thread.sleep(20);
            }

            assertTrue(!running(ffmpeg), "ffmpeg " + ffmpeg.pid() + " outlived its worker by 2 s");
            assertEquals(List.of(), survivors(marker, worker.pid()), "processes left behind");
        } finally {
            worker.destroyForcibly();
            survivorHandles(marker, worker.pid()).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theCommandKeepsStdoutAndExitStatusUnderTheWatch() {
        FfmpegRunner runner = FfmpegRunner.shared();
        ProcessResult version = runner.run(FfmpegInvocation.ffmpeg(List.of("-version")), "task_watch");
        assertEquals(0, version.exitCode());
        assertTrue(new String(version.stdout()).startsWith("ffmpeg version"), new String(version.stdout()));

        FfmpegFailure bad = org.junit.jupiter.api.Assertions.assertThrows(
                FfmpegFailure.class,
                () -> runner.run(FfmpegInvocation.ffmpeg(List.of("-nostdin", "-no-such-option")), "task_watch"));
        assertEquals(FfmpegFailure.Reason.EXIT_STATUS, bad.reason());
        assertTrue(bad.stderrTail().contains("no-such-option"), bad.stderrTail());
    }

    private static Process startWorker(String marker) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path")));
        String dir = System.getProperty(FfmpegBinaries.DIR_PROPERTY);
        if (dir != null) {
            command.add("-D" + FfmpegBinaries.DIR_PROPERTY + "=" + dir);
        }
        command.add(EndlessFfmpegMain.class.getName());
        command.add(marker);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The FFmpeg process itself (not its shell), once the worker has started it. */
    private static ProcessHandle awaitFfmpeg(Process worker, String marker) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L; // a cold start extracts the binaries
        while (System.nanoTime() < deadline) {
            assertTrue(worker.isAlive(), () -> "the worker JVM exited early: " + worker.exitValue());
            Optional<ProcessHandle> ffmpeg = survivorHandles(marker, worker.pid()).stream()
                    .filter(p -> p.info()
                            .command()
                            .map(c -> Path.of(c).getFileName().toString().startsWith("ffmpeg"))
                            .orElse(false))
                    .findFirst();
            if (ffmpeg.isPresent()) {
                return ffmpeg.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("ffmpeg never started");
    }

    private static List<String> survivors(String marker, long workerPid) {
        return survivorHandles(marker, workerPid).stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
    }

    private static List<ProcessHandle> survivorHandles(String marker, long workerPid) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != workerPid)
                .filter(ParentWatchTests::running)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    /** Alive and not a zombie: a dead process nobody has reaped yet holds no resources. */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String text = Files.readString(stat);
            return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return !Files.isDirectory(stat.getParent()) && process.isAlive();
        }
    }
}
