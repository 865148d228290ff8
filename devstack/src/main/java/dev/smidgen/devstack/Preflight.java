package dev.smidgen.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code ./smidgen up} and {@code ./smidgen infra} check before building or starting anything: free
 * ports, free disk, a writable state directory and, when a build is due, a JDK with a compiler. Prints one
 * line per problem, each with its fix, and exits 1 when there is any.
 *
 * <p>{@code ./smidgen} runs this file with the JDK's source launcher ({@code java Preflight.java}) while
 * nothing is built yet, so it must stay a single file that uses nothing but the JDK. For the same reason
 * the local stack's ports are defined here ({@link LocalPort}): {@link DevstackOptions}, {@link FleetOptions}
 * and {@link Ports} read them from here, so the preflight checks exactly what the launcher will bind.
 *
 * <p>Usage: {@code Preflight up|infra --root <repository> --state <dir> [--build]}
 */
public final class Preflight {

    /** Room for Postgres, Kafka and the stored media of a local stack. */
    static final long DATA_BYTES = 2L << 30;
    /** A first build downloads ~0.8 GiB of dependencies into ~/.m2 ... */
    static final long DOWNLOAD_BYTES = 1L << 30;
    /** ... and writes ~0.5 GiB into the modules' target/ directories. */
    static final long BUILD_OUTPUT_BYTES = 1L << 29;

    private Preflight() {}

    /**
     * A port the local stack binds: who binds it, the setting that moves it, its default, and the setting
     * that replaces the component by an external one (then nothing binds the port).
     */
    public enum LocalPort {
        API("api-service", "SMIDGEN_API_PORT", 8080, null),
        UPLOAD("upload-service", "SMIDGEN_UPLOAD_PORT", 8081, null),
        INGEST("ingest-worker", "SMIDGEN_INGEST_PORT", 8082, null),
        TRANSCODE("transcode-worker", "SMIDGEN_TRANSCODE_PORT", 8083, null),
        POSTGRES("Postgres", "SMIDGEN_PG_PORT", 15432, "SMIDGEN_DB_URL"),
        KAFKA("Kafka", "SMIDGEN_KAFKA_PORT", 19092, "SMIDGEN_KAFKA_BOOTSTRAP"),
        /** Follows a moved Kafka port (+ 1), so moving Kafka with one setting moves both of its ports. */
        KAFKA_CONTROLLER("Kafka controller", "SMIDGEN_KAFKA_CONTROLLER_PORT", 19093, "SMIDGEN_KAFKA_BOOTSTRAP"),
        S3("S3", "SMIDGEN_S3_PORT", 18333, "SMIDGEN_S3_ENDPOINT");

        private final String component;
        private final String setting;
        private final int defaultPort;
        private final String externalSetting;

        LocalPort(String component, String setting, int defaultPort, String externalSetting) {
            this.component = component;
            this.setting = setting;
            this.defaultPort = defaultPort;
            this.externalSetting = externalSetting;
        }

        /** Who binds the port: a service module ({@code api-service}) or an embedded component ({@code Kafka}). */
        public String component() {
            return component;
        }

        /** The environment variable that moves the port. */
        public String setting() {
            return setting;
        }

        /** The port of the service {@code module} ({@code api-service} → {@link #API}). */
        public static LocalPort ofService(String module) {
            for (LocalPort port : values()) {
                if (port.isService() && port.component.equals(module)) {
                    return port;
                }
            }
            throw new IllegalArgumentException("no service called " + module);
        }

        /** One of the four Smidgen services rather than infrastructure ({@code ./smidgen infra} leaves these out). */
        public boolean isService() {
            return externalSetting == null;
        }

        /** The port after the environment's overrides; fails with a readable message on a malformed value. */
        public int number(Map<String, String> env) {
            OptionalInt override = override(env);
            if (override.isPresent()) {
                return override.getAsInt();
            }
            if (this == KAFKA_CONTROLLER && KAFKA.override(env).isPresent()) {
                int port = KAFKA.number(env) + 1;
                if (port > 65535) {
                    throw new IllegalArgumentException(setting + " must be set: the Kafka port " + (port - 1)
                            + " leaves no room for the controller on the next port");
                }
                return port;
            }
            return defaultPort;
        }

        /** The external component's address ({@code SMIDGEN_DB_URL} etc.) when the environment names one. */
        public Optional<String> external(Map<String, String> env) {
            return externalSetting == null
                    ? Optional.empty()
                    : Optional.ofNullable(env.get(externalSetting)).filter(Preflight::present);
        }

        /** True when {@code ./smidgen up} (withServices) or {@code infra} binds this port under {@code env}. */
        public boolean isBound(boolean withServices, Map<String, String> env) {
            if (this == S3
                    && !"s3"
                            .equalsIgnoreCase(String.valueOf(env.get("SMIDGEN_STORAGE_KIND"))
                                    .trim())) {
                return false; // media are files under the data dir unless S3 is asked for
            }
            return (withServices || !isService()) && external(env).isEmpty();
        }

        private OptionalInt override(Map<String, String> env) {
            String value = env.get(setting);
            if (!present(value)) {
                return OptionalInt.empty();
            }
            try {
                int port = Integer.parseInt(value.trim());
                if (port >= 1 && port <= 65535) {
                    return OptionalInt.of(port);
                }
            } catch (NumberFormatException e) {
                // Reported below like an out-of-range number.
            }
            throw new IllegalArgumentException(setting + " must be a port number (1-65535), got '" + value + "'");
        }
    }

    public static void main(String[] args) {
        boolean withServices = switch (args.length > 0 ? args[0] : "") {
            case "up" -> true;
            case "infra" -> false;
            default -> throw usage("the first argument must be up or infra");
        };
        Path root = null;
        Path state = null;
        boolean build = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]);
                case "--state" -> state = Path.of(args[++i]);
                case "--build" -> build = true;
                default -> throw usage("unknown argument " + args[i]);
            }
        }
        if (root == null || state == null) {
            throw usage("--root and --state are required");
        }
        List<String> problems = new ArrayList<>();
        problems.addAll(portProblems(withServices, System.getenv()));
        problems.addAll(stateDirProblems(state));
        // Maven's ~/.m2 comes from user.home (not $HOME), like here.
        Optional<Build> due = build
                ? Optional.of(new Build(root, Path.of(System.getProperty("user.home"), ".m2")))
                : Optional.empty();
        problems.addAll(diskProblems(state, due));
        if (build) {
            compilerProblem().ifPresent(problems::add);
        }
        problems.forEach(System.err::println);
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** Malformed port settings, two components on one port, and ports something else already listens on. */
    static List<String> portProblems(boolean withServices, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<Integer, LocalPort> planned = new LinkedHashMap<>();
        for (LocalPort port : LocalPort.values()) {
            if (!port.isBound(withServices, env)) {
                continue;
            }
            int number;
            try {
                number = port.number(env);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                continue;
            }
            LocalPort clash = planned.putIfAbsent(number, port);
            if (clash != null) {
                problems.add("port " + number + " is set for both " + clash.component() + " and " + port.component()
                        + " — set " + clash.setting() + " or " + port.setting() + " to another port");
            } else if (!isFree(number)) {
                problems.add(inUse(number, port));
            }
        }
        return problems;
    }

    /** The one wording for a taken port, shared with the devstack's own check right before it binds. */
    public static String inUse(int number, LocalPort port) {
        return "port " + number + " (" + port.component() + ") is in use — stop what uses it"
                + " (another Smidgen? ./smidgen down in its checkout) or set " + port.setting() + "=<free port>";
    }

    /**
     * True when nothing listens on {@code port}, checked by binding it on both addresses the stack binds:
     * loopback (Postgres, Kafka, S3) and the wildcard address (the services). Both are needed because a BSD
     * kernel lets a wildcard bind succeed while another process holds the same port on loopback.
     */
    public static boolean isFree(int port) {
        return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                && canBind(new InetSocketAddress(port));
    }

    /** The state directory must exist or be creatable, and take a new file. */
    static List<String> stateDirProblems(Path state) {
        try {
            Files.createDirectories(state);
            Path probe = Files.createTempFile(state, ".preflight", ".tmp");
            Files.delete(probe);
            return List.of();
        } catch (IOException | SecurityException e) {
            return List.of("cannot write to " + state + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ") — it must be" + " a directory " + System.getProperty("user.name")
                    + " can write to: check its owner and permissions (ls -ld " + state + ")");
        }
    }

    /** Where a due build writes: its output into the repository, its downloads into the Maven home. */
    record Build(Path repository, Path mavenHome) {}

    /**
     * Free space for the stack's data in {@code state} and, when a build is due, for its output and
     * downloads; needs that fall on the same disk add up.
     */
    static List<String> diskProblems(Path state, Optional<Build> build) {
        Map<FileStore, Need> needs = new LinkedHashMap<>();
        try {
            add(needs, state, DATA_BYTES, "data");
            if (build.isPresent()) {
                add(needs, build.get().repository(), BUILD_OUTPUT_BYTES, "the build's target/ directories");
                add(
                        needs,
                        build.get().mavenHome(),
                        DOWNLOAD_BYTES,
                        "the build's downloads into " + build.get().mavenHome());
            }
        } catch (IOException e) {
            return List.of("cannot tell the free disk space at " + state + ": " + e.getMessage());
        }
        return needs.values().stream().flatMap(need -> need.problem().stream()).toList();
    }

    /** The build compiles in-process (Maven uses the running JDK's javac), so a runtime without jdk.compiler cannot build. */
    static Optional<String> compilerProblem() {
        if (ModuleLayer.boot().findModule("jdk.compiler").isPresent()) {
            return Optional.empty();
        }
        return Optional.of(
                "the Java at " + System.getProperty("java.home") + " has no compiler (a JRE) — the build needs"
                        + " a JDK 17 or newer: install one and set JAVA_HOME to it");
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    private static void add(Map<FileStore, Need> needs, Path path, long bytes, String purpose) throws IOException {
        Path existing = path.toAbsolutePath().normalize();
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        FileStore store = Files.getFileStore(existing);
        Need need = needs.get(store);
        if (need == null) {
            needs.put(
                    store,
                    new Need(
                            path.toAbsolutePath().normalize(),
                            store.getUsableSpace(),
                            bytes,
                            gib(bytes) + " for " + purpose));
        } else {
            needs.put(
                    store,
                    new Need(
                            need.where(),
                            need.free(),
                            need.bytes() + bytes,
                            need.purposes() + ", " + gib(bytes) + " for " + purpose));
        }
    }

    /** What Smidgen needs on one disk ({@code where} is the first path asked for on it) and what it has. */
    record Need(Path where, long free, long bytes, String purposes) {
        Optional<String> problem() {
            return free >= bytes
                    ? Optional.empty()
                    : Optional.of("only " + gib(free) + " free on the disk of " + where + ", Smidgen needs "
                            + gib(bytes) + " there (" + purposes + ") — free some space on it");
        }
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(
                problem + "; usage: Preflight up|infra --root <repository> --state <dir> [--build]");
    }
}
