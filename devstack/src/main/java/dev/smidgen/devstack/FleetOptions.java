package dev.smidgen.devstack;

import dev.smidgen.devstack.Preflight.LocalPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** How {@link ServiceFleet} runs the four Smidgen services: where the jars are, ports, JVM options, extra env. */
public final class FleetOptions {

    /** JVM options per service, tuned for start time and footprint on a small machine; env SMIDGEN_JVM_OPTS replaces them. */
    public static final String DEFAULT_JVM_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    /**
     * JVM options of the services that read every byte of a file on its way in: the upload service and the
     * ingest worker hash and write whole files. They keep the optimising compiler: C1-only code runs
     * SHA-256 without the CPU's SHA instructions, at about a tenth of the speed (6 CPU seconds for 512 MiB).
     */
    public static final String BYTE_MOVER_JVM_OPTS = "-Xmx256m -XX:+UseSerialGC";
    /** The modules that get {@link #BYTE_MOVER_JVM_OPTS} by default. */
    static final Set<String> BYTE_MOVERS = Set.of("upload-service", "ingest-worker");

    private final Path repoRoot;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Integer> managementPorts = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    /** Options the user gave for every service (SMIDGEN_JVM_OPTS or {@link #jvmOptions(String)}); null for the defaults. */
    private List<String> jvmOptions;

    private String adminToken = randomToken(32);
    private Duration readyTimeout = Duration.ofSeconds(120);

    private FleetOptions(Path repoRoot) {
        this.repoRoot =
                Objects.requireNonNull(repoRoot, "repoRoot").toAbsolutePath().normalize();
        String fromEnv = System.getenv("SMIDGEN_JVM_OPTS");
        if (fromEnv != null && !fromEnv.isBlank()) {
            jvmOptions(fromEnv);
        }
        ServiceFleet.MODULES.forEach(module -> ports.put(module, 0));
        ServiceFleet.MODULES.forEach(module -> managementPorts.put(module, 0));
    }

    /** Every service on a random free port; the repository root is found from the working directory. */
    public static FleetOptions randomPorts() {
        return new FleetOptions(findRepoRoot(Path.of("")));
    }

    /** Every service on a random free port, jars taken from {@code repoRoot/<module>/target/quarkus-app}. */
    public static FleetOptions randomPorts(Path repoRoot) {
        return new FleetOptions(repoRoot);
    }

    /**
     * The services of {@code ./smidgen up}: each on its {@link LocalPort} (8080-8083, moved by
     * {@code SMIDGEN_API_PORT}, {@code SMIDGEN_UPLOAD_PORT}, {@code SMIDGEN_INGEST_PORT}, {@code SMIDGEN_TRANSCODE_PORT}),
     * with health and metrics on that port + 100 (8180-8183, as in the images and manifests).
     */
    public static FleetOptions local(Path repoRoot, Map<String, String> env) {
        FleetOptions options = new FleetOptions(repoRoot);
        ServiceFleet.MODULES.forEach(module -> {
            int port = LocalPort.ofService(module).number(env);
            options.port(module, port);
            options.managementPort(module, port == 0 ? 0 : port + MANAGEMENT_PORT_OFFSET);
        });
        return options;
    }

    /** How far above its service port {@link #local} puts a service's management interface. */
    public static final int MANAGEMENT_PORT_OFFSET = 100;

    /** Port of the first instance of {@code module}; 0 picks a free one. */
    public FleetOptions port(String module, int port) {
        requireModule(module);
        ports.put(module, port);
        return this;
    }

    /** Management port (health, metrics) of the first instance of {@code module}; 0 picks a free one. */
    public FleetOptions managementPort(String module, int port) {
        requireModule(module);
        managementPorts.put(module, port);
        return this;
    }

    /** Extra environment for every service (e.g. {@code SMIDGEN_INGEST_ALLOW_PRIVATE=true}); wins over devstack's own. */
    public FleetOptions env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public FleetOptions env(Map<String, String> env) {
        environment.putAll(env);
        return this;
    }

    /** Whitespace-separated JVM options for every service, replacing the defaults. */
    public FleetOptions jvmOptions(String options) {
        this.jvmOptions = split(options);
        return this;
    }

    /** The admin token handed to the services as SMIDGEN_ADMIN_TOKEN (default: 32 random characters). */
    public FleetOptions adminToken(String token) {
        this.adminToken = Objects.requireNonNull(token, "token");
        return this;
    }

    /** Upper bound for one service to answer /q/health/ready (default 120 s). */
    public FleetOptions readyTimeout(Duration timeout) {
        this.readyTimeout = timeout;
        return this;
    }

    public Path repoRoot() {
        return repoRoot;
    }

    public String adminToken() {
        return adminToken;
    }

    int port(String module) {
        return ports.getOrDefault(module, 0);
    }

    int managementPort(String module) {
        return managementPorts.getOrDefault(module, 0);
    }

    Map<String, String> environment() {
        return environment;
    }

    /** The JVM options of {@code module}: the user's for every service, else the module's default. */
    List<String> jvmOptionsOf(String module) {
        if (jvmOptions != null) {
            return jvmOptions;
        }
        return split(BYTE_MOVERS.contains(module) ? BYTE_MOVER_JVM_OPTS : DEFAULT_JVM_OPTS);
    }

    private static List<String> split(String options) {
        return Arrays.stream(options.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    Duration readyTimeout() {
        return readyTimeout;
    }

    /** The runnable jar of {@code module} in this repository. */
    public Path runnerJar(String module) {
        return repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Walks up from {@code start} to the directory holding {@code mvnw} and the {@code api-service} module. */
    public static Path findRepoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve(ServiceFleet.API))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no Smidgen repository root (a directory with mvnw and api-service/) above " + start.toAbsolutePath());
    }

    /** Random letters and digits from a SecureRandom, for tokens. */
    public static String randomToken(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    private static void requireModule(String module) {
        if (!ServiceFleet.MODULES.contains(module)) {
            throw new IllegalArgumentException(
                    "unknown module " + module + "; expected one of " + ServiceFleet.MODULES);
        }
    }
}
