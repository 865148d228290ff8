package dev.smidgen.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.devstack.Preflight.LocalPort;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./smidgen} script's checks before it builds, run for real with /bin/sh in a copy of the repository
 * that holds only the script and the preflight's source, and a {@code mvnw} that records being called: so a
 * check that fails to stop {@code up} shows as a build, and nothing here needs the services built.
 */
@Tag("slow") // left out of the fast loop (CONTRIBUTING.md); verify runs it
class LauncherTests {

    private static final Path REPO = FleetOptions.findRepoRoot(Path.of(""));
    private static final String PREFLIGHT = "devstack/src/main/java/dev/smidgen/devstack/Preflight.java";
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private Path root;

    @BeforeEach
    void copyOfTheRepository() throws IOException {
        root = Path.of(System.getProperty("devstack.test.dir", "target/devstack-test"), "launcher-" + UUID.randomUUID())
                .toAbsolutePath();
        Files.createDirectories(root.resolve(PREFLIGHT).getParent());
        Files.copy(REPO.resolve("smidgen"), root.resolve("smidgen"));
        Files.copy(REPO.resolve(PREFLIGHT), root.resolve(PREFLIGHT));
        executable(root.resolve("mvnw"), "#!/bin/sh\ntouch \"$(dirname \"$0\")/built\"\nexit 1\n");
    }

    @Test
    void upStopsBeforeBuildingWhenAPortIsTaken() throws Exception {
        Map<String, String> env = freePorts();
        try (ServerSocket taken = new ServerSocket(0)) {
            env.put("SMIDGEN_API_PORT", Integer.toString(taken.getLocalPort()));
            Result result = smidgen(env, "up");
            assertEquals(1, result.exit(), result.output());
            assertTrue(
                    result.lines()
                            .contains(
                                    "port " + taken.getLocalPort() + " (api-service) is in use — stop what uses it"
                                            + " (another Smidgen? ./smidgen down in its checkout) or set SMIDGEN_API_PORT=<free port>"),
                    result.output());
            assertTrue(
                    result.lines().contains("./smidgen up did not start: fix the problems above, then run it again."),
                    result.output());
            assertFalse(Files.exists(root.resolve("built")), "up went on to build");
        }
    }

    @Test
    void refusesJavaOlderThan17InBothVersionForms() throws Exception {
        for (String version : List.of("1.8.0_292", "11.0.21")) {
            String major = version.startsWith("1.") ? "8" : "11";
            Path javaHome = fakeJava("java version \"" + version + "\" 2019-01-15");
            Map<String, String> env = freePorts();
            env.put("JAVA_HOME", javaHome.toString());
            Result result = smidgen(env, "up");
            assertEquals(1, result.exit(), result.output());
            assertEquals(
                    "Java " + major + " found (" + javaHome.resolve("bin/java") + ", version " + version
                            + "), Smidgen needs 17"
                            + " or newer — install a JDK 17+ and set JAVA_HOME to it (or put its bin/ first on PATH)",
                    result.lines().get(0));
            assertFalse(Files.exists(root.resolve("built")), "up went on to build");
        }
    }

    @Test
    void acceptsJava17AndLaterAndRunsThePreflightWithIt() throws Exception {
        for (String version : List.of(
                "openjdk version \"17.0.1\" 2021-10-19",
                "Picked up JAVA_TOOL_OPTIONS: -Dx=1\nopenjdk version \"21\" 2023-09-19")) {
            Map<String, String> env = freePorts();
            env.put("JAVA_HOME", fakeJava(version).toString());
            Result result = smidgen(env, "check");
            assertEquals(0, result.exit(), result.output());
            assertEquals(List.of("All set for ./smidgen up (it will build first)."), result.lines());
        }
    }

    @Test
    void saysWhenThereIsNoJavaAtAll() throws Exception {
        Path emptyPath = Files.createDirectories(root.resolve("empty-path"));
        Files.createSymbolicLink(
                emptyPath.resolve("dirname"),
                Path.of(List.of("/usr/bin/dirname", "/bin/dirname").stream()
                        .filter(path -> Files.isExecutable(Path.of(path)))
                        .findFirst()
                        .orElseThrow()));
        Map<String, String> env = freePorts();
        env.put("PATH", emptyPath.toString());
        Result result = smidgen(env, "check");
        assertEquals(1, result.exit(), result.output());
        assertEquals(
                List.of(
                        "no Java found — install a JDK 17 or newer (e.g. from https://adoptium.net), then put its bin/ on PATH"
                                + " or set JAVA_HOME"),
                result.lines());

        env.put("JAVA_HOME", root.resolve("no-jdk-here").toString());
        assertEquals(
                List.of("JAVA_HOME=" + root.resolve("no-jdk-here")
                        + " has no bin/java — point JAVA_HOME at a JDK 17 or newer,"
                        + " or unset it to use the java on PATH"),
                smidgen(env, "check").lines());
    }

    /** A JAVA_HOME whose java prints {@code versionOutput} for -version and runs the real java for anything else. */
    private Path fakeJava(String versionOutput) throws IOException {
        Path home = root.resolve("jdk-" + UUID.randomUUID());
        executable(
                home.resolve("bin/java"),
                "#!/bin/sh\nif [ \"$1\" = -version ]; then\n  cat >&2 <<'EOF'\n" + versionOutput
                        + "\nEOF\n  exit 0\nfi\nexec '" + JAVA + "' \"$@\"\n");
        return home;
    }

    /** Every port setting at a currently free port, and no other SMIDGEN_ setting from the surrounding environment. */
    private static Map<String, String> freePorts() {
        Map<String, String> env = new HashMap<>();
        for (LocalPort port : LocalPort.values()) {
            env.put(port.setting(), Integer.toString(Ports.pickFree()));
        }
        return env;
    }

    private Result smidgen(Map<String, String> env, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("/bin/sh", root.resolve("smidgen").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("SMIDGEN_") || name.equals("JAVA_HOME"));
        builder.environment().put("PATH", Path.of(JAVA).getParent() + ":" + System.getenv("PATH"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher hangs");
        return new Result(process.exitValue(), output);
    }

    private static void executable(Path file, String script) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int exit, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }
}
