package dev.smidgen.devstack.testing;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A program that some tests drive and that a bare machine lacks: a browser, Node, kubectl.
 *
 * <p>It is found through its setting (a system property or an environment variable naming the file),
 * else on the PATH under one of its command names, else at a well-known place. When it is missing, the
 * tests that need it are skipped, and one line on the console (once per test JVM) says what is missing
 * and how to get it. With {@code SMIDGEN_TEST_HARNESS=required}, which CI sets, a missing tool fails
 * those tests instead, so that a CI run can never pass by skipping them silently.
 *
 * <p>Shared by the modules whose tests need such tools (published in devstack's test-jar).
 */
public final class ExternalTool {

    /** The environment variable that decides what a missing tool does to the tests that need it. */
    public static final String MODE_VARIABLE = "SMIDGEN_TEST_HARNESS";
    /** {@link #MODE_VARIABLE}'s value that makes a missing tool a failure; unset, it is a skip. */
    public static final String REQUIRED = "required";

    /** Lines already printed by this JVM: one per missing set of tools, however many tests hit it. */
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private final String name;
    private final Setting setting;
    private final List<String> commands;
    private final List<Path> knownPaths;
    private final String install;

    private ExternalTool(String name, Setting setting, List<String> commands, List<Path> knownPaths, String install) {
        this.name = name;
        this.setting = setting;
        this.commands = commands;
        this.knownPaths = knownPaths;
        this.install = install;
    }

    /** A tool called {@code name} in messages, looked for on the PATH under that name until told otherwise. */
    public static ExternalTool named(String name) {
        return new ExternalTool(name, null, List.of(name), List.of(), null);
    }

    /** The system property ({@code -Dkey=<path>} on the Maven command line) that names the file. */
    public ExternalTool systemProperty(String key) {
        return new ExternalTool(name, new Setting(key, true), commands, knownPaths, install);
    }

    /** The environment variable that names the file. */
    public ExternalTool environmentVariable(String key) {
        return new ExternalTool(name, new Setting(key, false), commands, knownPaths, install);
    }

    /** The names it has on the PATH, in order of preference. */
    public ExternalTool commands(String... names) {
        return new ExternalTool(name, setting, List.of(names), knownPaths, install);
    }

    /** Where it is installed outside the PATH, e.g. inside a macOS application bundle. */
    public ExternalTool knownPaths(String... paths) {
        return new ExternalTool(
                name, setting, commands, Stream.of(paths).map(Path::of).toList(), install);
    }

    /** How to install it, e.g. {@code "apt-get install nodejs (Debian), brew install node (macOS)"}. */
    public ExternalTool install(String howTo) {
        return new ExternalTool(name, setting, commands, knownPaths, howTo);
    }

    /** The tool's executable, if this machine has one. */
    public Optional<Path> locate() {
        return locate(System.getenv());
    }

    /**
     * The tool's executable. When it is missing, the calling test is aborted (JUnit reports it skipped),
     * or fails under {@code SMIDGEN_TEST_HARNESS=required}.
     *
     * @param neededBy the tests that need it, for the message, e.g. "the console's browser tests"
     */
    public Path require(String neededBy) {
        return require(neededBy, this).get(0);
    }

    /** {@link #require(String)} for tools that are needed together: one message names all the missing ones. */
    public static List<Path> require(String neededBy, ExternalTool... tools) {
        return require(neededBy, List.of(tools), System.getenv(), System.out);
    }

    static List<Path> require(String neededBy, List<ExternalTool> tools, Map<String, String> env, PrintStream console) {
        boolean required = required(env);
        List<Path> found = new ArrayList<>();
        List<ExternalTool> missing = new ArrayList<>();
        for (ExternalTool tool : tools) {
            tool.locate(env).ifPresentOrElse(found::add, () -> missing.add(tool));
        }
        if (missing.isEmpty()) {
            return found;
        }
        String problem = neededBy + ": "
                + missing.stream().map(tool -> tool.whyMissing(env)).collect(Collectors.joining("; "))
                + ". To run them: " + howToGet(missing) + ".";
        String line = required
                ? "FAILED " + problem + " (" + MODE_VARIABLE + "=" + REQUIRED + ": a missing tool fails these tests.)"
                : "SKIPPED " + problem + " (" + MODE_VARIABLE + "=" + REQUIRED + " makes this a failure.)";
        if (ANNOUNCED.add(line)) {
            console.println("[test tools] " + line);
            console.flush();
        }
        if (required) {
            throw new AssertionError(line);
        }
        return Assumptions.abort(line);
    }

    /** Whether a missing tool fails (CI) rather than skips (a developer's machine); refuses unknown modes. */
    static boolean required(Map<String, String> env) {
        String mode = env.getOrDefault(MODE_VARIABLE, "").trim();
        if (!mode.isEmpty() && !mode.equals(REQUIRED)) {
            // A typo must not turn CI's "fail when missing" back into a silent skip.
            throw new AssertionError(
                    MODE_VARIABLE + "=" + mode + " is not a mode: set it to " + REQUIRED + " or leave it unset");
        }
        return mode.equals(REQUIRED);
    }

    Optional<Path> locate(Map<String, String> env) {
        Optional<String> configured = configured(env);
        if (configured.isPresent()) {
            return Optional.of(Path.of(configured.get())).filter(Files::isExecutable);
        }
        String path = env.getOrDefault("PATH", "");
        Stream<Path> onPath = commands.stream()
                .flatMap(command -> Stream.of(path.split(File.pathSeparator))
                        .filter(dir -> !dir.isEmpty())
                        .map(dir -> Path.of(dir, command)));
        return Stream.concat(onPath, knownPaths.stream())
                .filter(Files::isExecutable)
                .findFirst();
    }

    private Optional<String> configured(Map<String, String> env) {
        if (setting == null) {
            return Optional.empty();
        }
        String value = setting.property() ? System.getProperty(setting.key()) : env.get(setting.key());
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    private String whyMissing(Map<String, String> env) {
        Optional<String> configured = configured(env);
        if (configured.isPresent()) {
            return setting.display(configured.get()) + " is not an executable file";
        }
        if (commands.equals(List.of(name)) && knownPaths.isEmpty()) {
            return "no " + name + " on the PATH";
        }
        String where = commands.size() == 1
                ? commands.get(0) + " not on the PATH"
                : "none of " + String.join(", ", commands) + " on the PATH";
        if (!knownPaths.isEmpty()) {
            where += ", nor " + knownPaths.stream().map(Path::toString).collect(Collectors.joining(", "));
        }
        return "no " + name + " (" + where + ")";
    }

    /** The install hints of the missing tools (tools installed together share theirs), then their settings. */
    private static String howToGet(List<ExternalTool> missing) {
        String install = missing.stream()
                .map(tool -> tool.install == null ? "install " + tool.name : tool.install)
                .distinct()
                .collect(Collectors.joining("; "));
        String settings = missing.stream()
                .filter(tool -> tool.setting != null)
                .map(tool -> tool.setting.display("<path>"))
                .collect(Collectors.joining(" "));
        return settings.isEmpty() ? install : install + ", or set " + settings;
    }

    /** A system property or an environment variable that names the tool's file. */
    private record Setting(String key, boolean property) {
        String display(String value) {
            return (property ? "-D" : "") + key + "=" + value;
        }
    }
}
