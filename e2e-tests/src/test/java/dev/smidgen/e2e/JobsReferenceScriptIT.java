package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.devstack.testing.ExternalTool;
import dev.smidgen.e2e.TestStack.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code scripts/jobs-reference.sh}, the black-box check of the jobs generation written from its
 * published reference alone (docs/api/jobs-reference-check.md), against the test stack, so the two
 * views of the API (the script's and the implementation's own tests) are checked on every build.
 * Without bash, curl or python3 it is skipped (failed under SMIDGEN_TEST_HARNESS=required).
 */
class JobsReferenceScriptIT {
    private static final String INSTALL = "apt-get install curl python3 (Debian), brew install curl python (macOS)";
    private static final ExternalTool BASH = ExternalTool.named("bash").install("apt-get install bash (Debian)");
    private static final ExternalTool CURL = ExternalTool.named("curl").install(INSTALL);
    private static final ExternalTool PYTHON = ExternalTool.named("python3").install(INSTALL);

    @Test
    void everyPublishedCallOfTheReferencePasses() throws IOException, InterruptedException {
        List<Path> tools = ExternalTool.require("the jobs reference check (JobsReferenceScriptIT)", BASH, CURL, PYTHON);
        TestStack env = TestStack.get();
        Project project = env.newProject("jobs-reference");
        Path log = Path.of("target/jobs-reference.log").toAbsolutePath();
        ProcessBuilder run = new ProcessBuilder(
                        tools.get(0).toString(),
                        TestStack.repoRoot()
                                .resolve("scripts/jobs-reference.sh")
                                .toString())
                .directory(Files.createTempDirectory(Path.of("target"), "jobs-reference-")
                        .toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        run.environment().put("SMIDGEN_API_URL", env.stack.apiUrl());
        run.environment().put("SMIDGEN_API_KEY", project.key());
        run.environment().put("REF_TIMEOUT", "180");
        // The test stack downloads at most 8 MiB (Sources.WORKER_MAX_FILE_SIZE): 90 s of the WAV fits.
        run.environment().put("REF_LONG_SECONDS", "90");
        Process script = run.start();
        boolean ended = script.waitFor(15, TimeUnit.MINUTES);
        if (!ended) {
            script.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "the script did not end within 15 minutes:\n" + output);
        assertEquals(0, script.exitValue(), "the reference check failed:\n" + output);
        assertTrue(output.contains("PASS"), output);
    }
}
