package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.devstack.ServiceInstance;
import dev.smidgen.e2e.Tasks.Media;
import dev.smidgen.e2e.TestStack.Project;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A running conversion whose row is cancelled (the UPDATE catalog's {@code TaskCancellation} runs)
 * stops within about a second: its FFmpeg ends, its work dir goes, and nothing is written or stored.
 * A cancelled ingest stops mid-download the same way.
 */
class CancellationIT {
    static TestStack env;
    static Project project;
    static Media longVideo;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("cancel");
        longVideo = Tasks.media(env, project, env.sources.url("/long.mp4"));
    }

    @Test
    void aCancelledConversionStopsAtOnceAndLeavesNothing() throws Exception {
        long filesBefore = env.count("SELECT count(*) FROM files WHERE project_id = ?", project.id());
        List<String> keysBefore = env.objectKeys(project.id());
        // WebM (VP9) of 12 s at 960x540: a run of many seconds on the test machine.
        String taskId =
                Tasks.convert(env, project, Map.of("file_id", longVideo.fileId(), "kind", "video", "format", "webm"));
        ServiceInstance owner = awaitRunning(taskId);
        List<ProcessHandle> ffmpeg =
                ProcessHandle.of(owner.pid()).orElseThrow().descendants().toList();
        assertTrue(
                ffmpeg.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("ffmpeg")),
                "the owner runs FFmpeg");

        assertEquals(1, cancel(taskId).size(), "the task was still running when cancelled");
        long sent = System.nanoTime();
        while ((ffmpeg.stream().anyMatch(ProcessHandle::isAlive)
                        || !TestStack.transcodeWorkDirsOf(taskId).isEmpty())
                && System.nanoTime() - sent < Duration.ofSeconds(5).toNanos()) {
            Tasks.sleep(20);
        }
        long stoppedMillis = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(ffmpeg.stream().noneMatch(ProcessHandle::isAlive), "FFmpeg still runs 5 s after the cancel");
        assertEquals(List.of(), TestStack.transcodeWorkDirsOf(taskId), "the work dir stayed");
        System.out.printf("cancelled conversion stopped in %d ms%n", stoppedMillis);

        awaitLogLine(owner, taskId + ": cancelled");
        String log = Files.readString(owner.logFile());
        assertTrue(!log.contains(taskId + ": abandoned"), "a cancelled task is not 'abandoned to another worker'");
        assertEquals(
                "cancelled",
                env.query("SELECT status FROM tasks WHERE id = ?", taskId)
                        .get(0)
                        .get("status"));
        assertEquals(filesBefore, env.count("SELECT count(*) FROM files WHERE project_id = ?", project.id()));
        assertEquals(keysBefore, env.objectKeys(project.id()), "no object under the output key");
    }

    @Test
    void aCancelledIngestStopsMidDownloadAndLeavesNothing() throws Exception {
        long filesBefore = env.count("SELECT count(*) FROM files WHERE project_id = ?", project.id());
        List<String> keysBefore = env.objectKeys(project.id());
        // Sent over 8 s: the cancel lands mid-download.
        String taskId = Tasks.ingest(env, project, env.sources.url("/slow.mp4"));
        ServiceInstance owner = awaitOwner(taskId, "");

        assertEquals(1, cancel(taskId).size(), "the task was still running when cancelled");

        awaitLogLine(owner, taskId + ": cancelled; stopped without writing");
        assertTrue(
                !Files.readString(owner.logFile()).contains(taskId + ": abandoned"),
                "a cancelled task is not 'abandoned to another worker'");
        Tasks.sleep(500); // a run that went on would have written by now
        assertEquals(
                "cancelled",
                env.query("SELECT status FROM tasks WHERE id = ?", taskId)
                        .get(0)
                        .get("status"));
        assertEquals(filesBefore, env.count("SELECT count(*) FROM files WHERE project_id = ?", project.id()));
        assertEquals(keysBefore, env.objectKeys(project.id()), "no object stored");
    }

    /** The UPDATE of catalog's TaskCancellation for one task; returns the ids it changed. */
    private static List<Map<String, Object>> cancel(String taskId) {
        return env.query("""
                UPDATE tasks SET status = 'cancelled', lease_owner = NULL, lease_expires = NULL,
                       finished = now(), updated = now()
                 WHERE id = ? AND status IN ('waiting', 'pending', 'processing')
                RETURNING id
                """, taskId);
    }

    private static void awaitLogLine(ServiceInstance owner, String line) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Files.readString(owner.logFile()).contains(line)) {
            if (System.nanoTime() > deadline) {
                fail("no log line '" + line + "' in " + owner.logFile());
            }
            Tasks.sleep(50);
        }
    }

    /** Waits until a worker has started FFmpeg on the task (progress above 0) and returns it. */
    private static ServiceInstance awaitRunning(String taskId) {
        return awaitOwner(taskId, " AND progress > 0");
    }

    /** Waits until a worker holds the task's lease (and the row meets {@code condition}) and returns it. */
    private static ServiceInstance awaitOwner(String taskId, String condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> rows = env.query(
                    "SELECT lease_owner FROM tasks WHERE id = ? AND status = 'processing'" + condition, taskId);
            if (!rows.isEmpty() && rows.get(0).get("lease_owner") != null) {
                String[] parts = ((String) rows.get(0).get("lease_owner")).split(":");
                String pid = parts[parts.length - 2];
                for (ServiceInstance instance : env.stack.services().instances()) {
                    if (pid.equals(String.valueOf(instance.pid()))) {
                        return instance;
                    }
                }
                fail("No running instance has pid " + pid);
            }
            Tasks.sleep(50);
        }
        fail("No worker started " + taskId);
        return null;
    }
}
