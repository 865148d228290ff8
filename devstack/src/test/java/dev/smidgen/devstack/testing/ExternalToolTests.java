package dev.smidgen.devstack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class ExternalToolTests {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);

    @Test
    void foundOnThePathUnderItsFirstAvailableName() throws IOException {
        Path browser = executable("chromium-browser");
        ExternalTool tool = ExternalTool.named("Chromium").commands("chromium", "chromium-browser");
        assertEquals(Optional.of(browser), tool.locate(Map.of("PATH", "/nonexistent:" + dir)));
        assertEquals(Optional.empty(), tool.locate(Map.of("PATH", "/nonexistent")));
    }

    @Test
    void itsSettingWinsOverThePathAndAKnownPathComesLast() throws IOException {
        Path onPath = executable("kubectl");
        Path configured = executable("my-kubectl");
        ExternalTool tool =
                ExternalTool.named("kubectl").environmentVariable("KUBECTL").knownPaths(configured.toString());
        assertEquals(
                Optional.of(configured), tool.locate(Map.of("PATH", dir.toString(), "KUBECTL", configured.toString())));
        assertEquals(Optional.of(onPath), tool.locate(Map.of("PATH", dir.toString())));
        assertEquals(Optional.of(configured), tool.locate(Map.of("PATH", "/nonexistent")));
    }

    @Test
    void aMissingToolSkipsWithOneLineSayingHowToGetIt() {
        ExternalTool tool = ExternalTool.named("kubectl")
                .environmentVariable("KUBECTL")
                .install("apt-get install kubernetes-client");
        Map<String, String> env =
                Map.of("PATH", dir.toString(), "KUBECTL", dir.resolve("nowhere").toString());
        for (int test = 0; test < 3; test++) {
            TestAbortedException skipped = assertThrows(
                    TestAbortedException.class,
                    () -> ExternalTool.require("the manifest tests", List.of(tool), env, console));
            assertTrue(
                    skipped.getMessage().contains("KUBECTL=" + dir.resolve("nowhere") + " is not an executable file"),
                    skipped.getMessage());
        }
        String printed = consoleBytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), "one line for any number of tests: " + printed);
        assertTrue(printed.startsWith("[test tools] SKIPPED the manifest tests: "), printed);
        assertTrue(printed.contains("To run them: apt-get install kubernetes-client, or set KUBECTL=<path>."), printed);
        assertTrue(printed.contains("SMIDGEN_TEST_HARNESS=required makes this a failure"), printed);
    }

    @Test
    void aMissingToolFailsWhenTheHarnessIsRequired() {
        ExternalTool tool = ExternalTool.named("node").install("apt-get install nodejs");
        AssertionError failed = assertThrows(
                AssertionError.class,
                () -> ExternalTool.require(
                        "the tus client tests",
                        List.of(tool),
                        Map.of("PATH", dir.toString(), ExternalTool.MODE_VARIABLE, "required"),
                        console));
        assertTrue(
                failed.getMessage().startsWith("FAILED the tus client tests: no node on the PATH."),
                failed.getMessage());
        assertTrue(consoleBytes.toString(StandardCharsets.UTF_8).contains(failed.getMessage()));
    }

    @Test
    void toolsNeededTogetherAreReportedTogetherAndOnlyTheMissingOnes() throws IOException {
        executable("chromedriver");
        ExternalTool browser = ExternalTool.named("Chromium")
                .systemProperty("external-tool-test.chromium")
                .commands("chromium");
        ExternalTool driver = ExternalTool.named("chromedriver").systemProperty("external-tool-test.chromedriver");
        assertThrows(
                TestAbortedException.class,
                () -> ExternalTool.require(
                        "the browser tests", List.of(browser, driver), Map.of("PATH", dir.toString()), console));
        String printed = consoleBytes.toString(StandardCharsets.UTF_8);
        assertTrue(
                printed.contains("no Chromium (chromium not on the PATH). To run them: install Chromium, or set "
                        + "-Dexternal-tool-test.chromium=<path>."),
                printed);
        assertFalse(printed.contains("chromedriver"), printed);
        consoleBytes.reset();

        Files.delete(dir.resolve("chromedriver"));
        assertThrows(
                TestAbortedException.class,
                () -> ExternalTool.require(
                        "the browser tests", List.of(browser, driver), Map.of("PATH", dir.toString()), console));
        assertTrue(
                consoleBytes
                        .toString(StandardCharsets.UTF_8)
                        .contains("no Chromium (chromium not on the PATH); no chromedriver "
                                + "on the PATH. To run them: install Chromium; install chromedriver, or set "
                                + "-Dexternal-tool-test.chromium=<path> -Dexternal-tool-test.chromedriver=<path>."),
                consoleBytes.toString());
        executable("chromedriver");

        executable("chromium");
        assertEquals(
                List.of(dir.resolve("chromium"), dir.resolve("chromedriver")),
                ExternalTool.require(
                        "the browser tests", List.of(browser, driver), Map.of("PATH", dir.toString()), console));
    }

    @Test
    void anUnknownModeIsRefusedRatherThanReadAsSkip() {
        assertTrue(ExternalTool.required(Map.of(ExternalTool.MODE_VARIABLE, "required")));
        assertFalse(ExternalTool.required(Map.of()));
        AssertionError refused = assertThrows(
                AssertionError.class, () -> ExternalTool.required(Map.of(ExternalTool.MODE_VARIABLE, "require")));
        assertTrue(refused.getMessage().contains("SMIDGEN_TEST_HARNESS=require is not a mode"), refused.getMessage());
    }

    private Path executable(String name) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
