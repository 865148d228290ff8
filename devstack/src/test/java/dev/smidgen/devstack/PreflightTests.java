package dev.smidgen.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.devstack.Preflight.LocalPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The preflight's port plan, its checks and its wording, without running the launcher. */
class PreflightTests {

    private static final Path DIR =
            Path.of(System.getProperty("devstack.test.dir", "target/devstack-test"), "preflight-" + UUID.randomUUID());

    @Test
    void defaultPlanIsTheDocumentedPorts() {
        Map<String, String> none = Map.of();
        assertEquals(
                List.of(8080, 8081, 8082, 8083, 15432, 19092, 19093, 18333),
                Arrays.stream(LocalPort.values()).map(port -> port.number(none)).toList());
        assertEquals(
                List.of(
                        LocalPort.API,
                        LocalPort.UPLOAD,
                        LocalPort.INGEST,
                        LocalPort.TRANSCODE,
                        LocalPort.POSTGRES,
                        LocalPort.KAFKA,
                        LocalPort.KAFKA_CONTROLLER),
                Arrays.stream(LocalPort.values())
                        .filter(port -> port.isBound(true, none))
                        .toList(),
                "media are files by default: no S3 server, no S3 port");
        assertEquals(
                List.of(LocalPort.POSTGRES, LocalPort.KAFKA, LocalPort.KAFKA_CONTROLLER),
                Arrays.stream(LocalPort.values())
                        .filter(port -> port.isBound(false, none))
                        .toList());
    }

    @Test
    void theS3PortIsBoundOnlyWhenS3IsAskedFor() {
        assertTrue(LocalPort.S3.isBound(true, Map.of("SMIDGEN_STORAGE_KIND", "s3")));
        assertTrue(LocalPort.S3.isBound(false, Map.of("SMIDGEN_STORAGE_KIND", " S3 ")));
        assertFalse(LocalPort.S3.isBound(true, Map.of("SMIDGEN_STORAGE_KIND", "filesystem")));
    }

    @Test
    void settingsMovePortsAndTheControllerFollowsKafka() {
        Map<String, String> env = Map.of("SMIDGEN_API_PORT", " 9000 ", "SMIDGEN_KAFKA_PORT", "29092");
        assertEquals(9000, LocalPort.API.number(env));
        assertEquals(29092, LocalPort.KAFKA.number(env));
        assertEquals(29093, LocalPort.KAFKA_CONTROLLER.number(env));
        assertEquals(
                30000,
                LocalPort.KAFKA_CONTROLLER.number(
                        Map.of("SMIDGEN_KAFKA_PORT", "29092", "SMIDGEN_KAFKA_CONTROLLER_PORT", "30000")));
        assertEquals(8081, LocalPort.UPLOAD.number(Map.of("SMIDGEN_UPLOAD_PORT", "")));
    }

    @Test
    void externalComponentsBindNothing() {
        Map<String, String> env = Map.of(
                "SMIDGEN_DB_URL",
                "jdbc:postgresql://db/x",
                "SMIDGEN_KAFKA_BOOTSTRAP",
                "k:9092",
                "SMIDGEN_S3_ENDPOINT",
                " ",
                "SMIDGEN_STORAGE_KIND",
                "s3");
        assertFalse(LocalPort.POSTGRES.isBound(true, env));
        assertFalse(LocalPort.KAFKA.isBound(true, env));
        assertFalse(LocalPort.KAFKA_CONTROLLER.isBound(true, env));
        assertTrue(LocalPort.S3.isBound(true, env), "a blank endpoint is no endpoint");
        assertEquals(Optional.of("jdbc:postgresql://db/x"), LocalPort.POSTGRES.external(env));
        assertEquals(Optional.empty(), LocalPort.API.external(env));
    }

    @Test
    void malformedSettingsAreNamed() {
        assertEquals(
                "SMIDGEN_PG_PORT must be a port number (1-65535), got 'five'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> LocalPort.POSTGRES.number(Map.of("SMIDGEN_PG_PORT", "five")))
                        .getMessage());
        assertEquals(
                "SMIDGEN_S3_PORT must be a port number (1-65535), got '70000'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> LocalPort.S3.number(Map.of("SMIDGEN_S3_PORT", "70000")))
                        .getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> LocalPort.KAFKA_CONTROLLER.number(Map.of("SMIDGEN_KAFKA_PORT", "65535")))
                .getMessage()
                .startsWith("SMIDGEN_KAFKA_CONTROLLER_PORT must be set"));
    }

    @Test
    void reportsATakenPortWithTheSettingThatMovesIt() throws IOException {
        Map<String, String> env = freePorts();
        env.put("SMIDGEN_STORAGE_KIND", "s3"); // the S3 port is only bound when S3 is asked for
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            env.put("SMIDGEN_S3_PORT", Integer.toString(taken.getLocalPort()));
            assertEquals(
                    List.of("port " + taken.getLocalPort() + " (S3) is in use — stop what uses it (another Smidgen?"
                            + " ./smidgen down in its checkout) or set SMIDGEN_S3_PORT=<free port>"),
                    Preflight.portProblems(true, env));
        }
    }

    @Test
    void reportsTwoComponentsOnOnePortAndEveryMalformedSetting() {
        Map<String, String> env = freePorts();
        env.put("SMIDGEN_STORAGE_KIND", "s3");
        env.put("SMIDGEN_UPLOAD_PORT", env.get("SMIDGEN_API_PORT"));
        env.put("SMIDGEN_INGEST_PORT", "x");
        env.put("SMIDGEN_S3_PORT", "0");
        assertEquals(
                List.of(
                        "port " + env.get("SMIDGEN_API_PORT")
                                + " is set for both api-service and upload-service — set SMIDGEN_API_PORT"
                                + " or SMIDGEN_UPLOAD_PORT to another port",
                        "SMIDGEN_INGEST_PORT must be a port number (1-65535), got 'x'",
                        "SMIDGEN_S3_PORT must be a port number (1-65535), got '0'"),
                Preflight.portProblems(true, env));
        assertEquals(
                List.of("SMIDGEN_S3_PORT must be a port number (1-65535), got '0'"),
                Preflight.portProblems(false, env),
                "infra leaves the services' ports alone");
    }

    @Test
    void saysHowMuchDiskIsFreeAndNeededForWhat() throws IOException {
        Files.createDirectories(DIR);
        assertEquals(
                List.of(),
                Preflight.diskProblems(DIR.resolve("state"), Optional.empty()).stream()
                        .filter(problem -> !problem.startsWith("only "))
                        .toList(),
                "nothing but a lack of space may be reported");
        Preflight.Need need = new Preflight.Need(
                Path.of("/home/dev/smidgen/.smidgen"),
                1L << 30,
                7L << 29,
                "2.0 GiB for data, 1.0 GiB for the build's downloads into /home/dev/.m2");
        assertEquals(
                Optional.of(
                        "only 1.0 GiB free on the disk of /home/dev/smidgen/.smidgen, Smidgen needs 3.5 GiB there"
                                + " (2.0 GiB for data, 1.0 GiB for the build's downloads into /home/dev/.m2) — free some space on it"),
                need.problem());
        assertEquals(Optional.empty(), new Preflight.Need(Path.of("/x"), 3L << 30, 3L << 30, "data").problem());
    }

    @Test
    void aStateDirectoryThatCannotBeWrittenIsNamed() throws IOException {
        Files.createDirectories(DIR);
        Path file = Files.writeString(DIR.resolve("not-a-directory"), "");
        List<String> problems = Preflight.stateDirProblems(file.resolve(".smidgen"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("cannot write to " + file.resolve(".smidgen") + " ("), problems.get(0));
        assertTrue(problems.get(0).contains(" — it must be a directory "), problems.get(0));
        assertEquals(List.of(), Preflight.stateDirProblems(DIR.resolve("fresh/.smidgen")));
    }

    /** Every port setting pointing at a currently free port, so only what a test changes can be reported. */
    private static Map<String, String> freePorts() {
        Map<String, String> env = new HashMap<>();
        for (LocalPort port : LocalPort.values()) {
            env.put(port.setting(), Integer.toString(Ports.pickFree()));
        }
        return env;
    }
}
