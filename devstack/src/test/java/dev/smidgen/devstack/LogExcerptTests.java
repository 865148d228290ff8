package dev.smidgen.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a start failure shows of a log: the telling lines, not the stack frames and health polls around them. */
class LogExcerptTests {

    private static final String SWEEP_ERROR = """
            20:43:%02d.001 ERROR [io.qu.sc.co.ru.StatusEmitterInvoker] (executor-thread-%d) Error occurred while executing task
            \tat io.smallrye.mutiny.operators.AbstractUni.subscribe(AbstractUni.java:35)
            Caused by: java.lang.RuntimeException: Error injecting dev.smidgen.transcode.TranscodePipeline
            \tat io.quarkus.arc.impl.InstanceImpl.get(InstanceImpl.java:12)
            \t... 24 more
            Caused by: java.lang.UnsatisfiedLinkError: libjniavdevice.so: libpulse.so.0: cannot open shared object file
            \t... 4 more

            20:43:%02d.200 INFO  [io.sm.health] (vert.x-eventloop-thread-1) SRHCK01001: Reporting health down status: {"status":"DOWN"}
            """;

    @Test
    void keepsExceptionsAndTheirCausesButNotFramesOrHealthPolls() {
        String log = "20:42:20.426 INFO  [io.quarkus] (main) started in 7.5s. Listening on: http://0.0.0.0:8083\n"
                + SWEEP_ERROR.formatted(1, 1, 1);
        assertEquals(
                List.of(
                        "20:42:20.426 INFO  [io.quarkus] (main) started in 7.5s. Listening on: http://0.0.0.0:8083",
                        "20:43:01.001 ERROR [io.qu.sc.co.ru.StatusEmitterInvoker] (executor-thread-1) Error occurred while executing task",
                        "Caused by: java.lang.RuntimeException: Error injecting dev.smidgen.transcode.TranscodePipeline",
                        "Caused by: java.lang.UnsatisfiedLinkError: libjniavdevice.so: libpulse.so.0: cannot open shared object file"),
                LogExcerpt.of(log, 30));
    }

    @Test
    void showsARepeatedEntryOnceWhereItLastOccurredWithItsCount() {
        StringBuilder log = new StringBuilder("first line\n");
        for (int i = 1; i <= 12; i++) {
            log.append(SWEEP_ERROR.formatted(i * 5, i % 4, i * 5));
            if (i == 6) {
                log.append("20:43:31.000 WARN  something else happened once\n");
            }
        }
        assertEquals(
                List.of(
                        "first line",
                        "20:43:31.000 WARN  something else happened once",
                        "20:43:60.001 ERROR [io.qu.sc.co.ru.StatusEmitterInvoker] (executor-thread-0) Error occurred while executing task",
                        "Caused by: java.lang.RuntimeException: Error injecting dev.smidgen.transcode.TranscodePipeline",
                        "Caused by: java.lang.UnsatisfiedLinkError: libjniavdevice.so: libpulse.so.0: cannot open shared object file",
                        "    [logged 12 times, shown once]"),
                LogExcerpt.of(log.toString(), 30));
        assertEquals(3, LogExcerpt.of(log.toString(), 3).size());
        assertEquals(
                "    [logged 12 times, shown once]",
                LogExcerpt.of(log.toString(), 3).get(2));
    }

    @Test
    void readsOnlyThisRunsPartOfAFileFromALineBoundary() throws IOException {
        Path file = Path.of(
                System.getProperty("devstack.test.dir", "target/devstack-test"),
                "excerpt-" + UUID.randomUUID() + ".log");
        Files.createDirectories(file.getParent());
        String earlierRun = "an earlier run's line\n";
        Files.writeString(file, earlierRun + "line one\nline two\n");
        assertEquals(List.of("line one", "line two"), LogExcerpt.of(file, earlierRun.length(), 30));
        assertEquals("line two\n", LogExcerpt.readEnd(file, 0, 12), "a cut-off first line is dropped");
        assertEquals(List.of(), LogExcerpt.of(file.resolveSibling("missing.log"), 0, 30));
    }
}
