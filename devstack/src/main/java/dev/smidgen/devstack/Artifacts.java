package dev.smidgen.devstack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds what the build copied into {@code devstack/target/}: {@code kafka-lib/} (the broker's classpath) and
 * {@code s3proxy/s3proxy.jar}. Looked up, in order: system property {@code smidgen.devstack.target} / env
 * {@code SMIDGEN_DEVSTACK_TARGET}; the directory devstack's own classes were loaded from (its jar or
 * {@code classes/} under {@code target/}); {@code devstack/target} in the working directory or any parent
 * (covers consumers such as e2e-tests, which load devstack from ~/.m2).
 */
public final class Artifacts {

    static final String KAFKA_LIB = "kafka-lib";
    static final String S3PROXY_JAR = "s3proxy/s3proxy.jar";

    private final Path targetDir;

    private Artifacts(Path targetDir) {
        this.targetDir = targetDir;
    }

    /** Locates devstack's build output or fails with a hint how to produce it. */
    public static Artifacts locate() {
        List<Path> tried = new ArrayList<>();
        for (Path candidate : candidates()) {
            tried.add(candidate);
            if (Files.isDirectory(candidate.resolve(KAFKA_LIB))
                    && Files.isRegularFile(candidate.resolve(S3PROXY_JAR))) {
                return new Artifacts(candidate.toAbsolutePath().normalize());
            }
        }
        throw new IllegalStateException("devstack's Kafka/S3 runtime was not found (looked in " + tried
                + "). Build it with: ./mvnw -B -pl devstack install -DskipTests");
    }

    public Path kafkaLib() {
        return targetDir.resolve(KAFKA_LIB);
    }

    /** Classpath wildcard for the Kafka child JVM. */
    public String kafkaClasspath() {
        return kafkaLib() + "/*";
    }

    public Path s3proxyJar() {
        return targetDir.resolve(S3PROXY_JAR);
    }

    private static List<Path> candidates() {
        List<Path> result = new ArrayList<>();
        Optional.ofNullable(System.getProperty("smidgen.devstack.target"))
                .or(() -> Optional.ofNullable(System.getenv("SMIDGEN_DEVSTACK_TARGET")))
                .map(Path::of)
                .ifPresent(result::add);
        codeSourceTarget().ifPresent(result::add);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            result.add(dir.resolve("devstack").resolve("target"));
            if (dir.getFileName() != null && dir.getFileName().toString().equals("devstack")) {
                result.add(dir.resolve("target"));
            }
        }
        return result;
    }

    /** {@code target/} when devstack runs from {@code target/classes} or {@code target/devstack-*.jar}. */
    private static Optional<Path> codeSourceTarget() {
        try {
            CodeSource source = Artifacts.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            Path parent = location.getParent();
            return parent != null
                            && parent.getFileName() != null
                            && parent.getFileName().toString().equals("target")
                    ? Optional.of(parent)
                    : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
