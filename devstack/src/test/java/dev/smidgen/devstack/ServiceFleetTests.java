package dev.smidgen.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The service launcher against a fake repository whose four "services" are tiny HTTP servers: env wiring,
 * readiness, kill/stop/second instance, fail-fast on an early exit. Infrastructure is "external" (nothing
 * is started), so this needs neither the real services nor a database.
 */
@Tag("slow") // left out of the fast loop (CONTRIBUTING.md); verify runs it
class ServiceFleetTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path root;
    private static Devstack infra;

    @BeforeAll
    static void fakeRepository() throws IOException {
        root = Path.of(System.getProperty("devstack.test.dir", "target/devstack-test"), "fleet-" + UUID.randomUUID())
                .toAbsolutePath();
        Files.createDirectories(root);
        Files.writeString(root.resolve("mvnw"), "#!/bin/sh\n");
        for (String module : ServiceFleet.MODULES) {
            writeFakeServiceJar(root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"));
        }
        infra = Devstack.start(DevstackOptions.randomPorts(root.resolve("data"))
                .externalPostgres("jdbc:postgresql://db.example:5432/smidgen", "smidgen", "pw")
                .externalKafka("kafka.example:9092")
                .externalS3("http://s3.example:9000", "ak", "sk", "media", "eu-west-1"));
    }

    @AfterAll
    static void closeInfra() {
        infra.close();
    }

    @Test
    void startsWiresKillsStopsAndAddsInstances() throws Exception {
        FleetOptions options = FleetOptions.randomPorts(root)
                .env("SMIDGEN_INGEST_ALLOW_PRIVATE", "true")
                .adminToken("admintoken");
        try (ServiceFleet fleet = ServiceFleet.start(infra, options)) {
            assertEquals(4, fleet.instances().size());
            Map<String, String> env = EnvFile.parse(get(fleet.baseUrl(ServiceFleet.UPLOAD) + "/env"));
            assertEquals(fleet.apiBaseUrl(), env.get("SMIDGEN_API_BASE_URL"));
            assertEquals(fleet.uploadBaseUrl(), env.get("SMIDGEN_UPLOADS_BASE_URL"));
            assertEquals(fleet.apiBaseUrl() + "/cdn", env.get("SMIDGEN_DELIVERY_BASE_URL"));
            assertEquals("jdbc:postgresql://db.example:5432/smidgen", env.get("QUARKUS_DATASOURCE_JDBC_URL"));
            assertEquals("smidgen", env.get("QUARKUS_DATASOURCE_USERNAME"));
            assertEquals("kafka.example:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
            assertEquals("media", env.get("SMIDGEN_S3_BUCKET"));
            assertEquals("eu-west-1", env.get("SMIDGEN_S3_REGION"));
            // Only the API uses the admin token; the other services never get it.
            assertNull(env.get("SMIDGEN_ADMIN_TOKEN"), "the upload service got the admin token");
            assertEquals(
                    "admintoken",
                    EnvFile.parse(get(fleet.baseUrl(ServiceFleet.API) + "/env")).get("SMIDGEN_ADMIN_TOKEN"));
            for (String worker : List.of(ServiceFleet.INGEST, ServiceFleet.TRANSCODE)) {
                assertNull(
                        EnvFile.parse(get(fleet.baseUrl(worker) + "/env")).get("SMIDGEN_ADMIN_TOKEN"),
                        worker + " got the admin token");
            }
            // Health is on the management port (the fake answers it nowhere else, so start() polled there).
            ServiceInstance upload = fleet.instance(ServiceFleet.UPLOAD);
            assertEquals(Integer.toString(upload.managementPort()), env.get("QUARKUS_MANAGEMENT_PORT"));
            assertNotEquals(upload.port(), upload.managementPort());
            assertEquals("true", env.get("SMIDGEN_INGEST_ALLOW_PRIVATE"));
            assertEquals(Integer.toString(fleet.instance(ServiceFleet.UPLOAD).port()), env.get("QUARKUS_HTTP_PORT"));

            ServiceInstance ingest = fleet.instance(ServiceFleet.INGEST);
            fleet.kill(ServiceFleet.INGEST);
            assertFalse(ingest.isAlive());
            assertTrue(fleet.find(ServiceFleet.INGEST).isEmpty());

            ServiceInstance second =
                    fleet.startInstance(ServiceFleet.INGEST, "ingest-worker-2", Map.of("EXTRA", "two"));
            assertNotEquals(ingest.port(), second.port());
            assertEquals("two", EnvFile.parse(get(second.baseUrl() + "/env")).get("EXTRA"));
            assertTrue(Files.exists(second.logFile()));

            // A restart under the old name gets the old port back, so peers' URLs stay valid.
            assertEquals(
                    ingest.port(),
                    fleet.startInstance(ServiceFleet.INGEST, ServiceFleet.INGEST, Map.of())
                            .port());

            ServiceInstance transcode = fleet.instance(ServiceFleet.TRANSCODE);
            fleet.stop(ServiceFleet.TRANSCODE);
            assertFalse(transcode.isAlive());

            IllegalStateException failure = assertThrows(
                    IllegalStateException.class,
                    () -> fleet.startInstance(ServiceFleet.TRANSCODE, "broken", Map.of("FAKE_EXIT_CODE", "3")));
            assertTrue(failure.getMessage().contains("exited with code 3"), failure.getMessage());
            assertTrue(
                    failure.getMessage().contains("failing on purpose"), "log tail missing: " + failure.getMessage());
        }
    }

    @Test
    void aServiceThatNeverGetsReadyIsReportedByItsDownCheckAndTellingLogLines() {
        FleetOptions options =
                FleetOptions.randomPorts(root).env("FAKE_DOWN_CHECK", "ffmpeg").readyTimeout(Duration.ofSeconds(2));
        StartFailure failure = assertThrows(
                StartFailure.class, () -> ServiceFleet.start(infra, options).close());
        assertEquals(
                "api-service was not ready within 2 s: health check \"ffmpeg\" is DOWN: cannot load libfake.so",
                failure.reason());
        assertTrue(
                failure.logFile().endsWith("api-service.log"), failure.logFile().toString());
        assertTrue(
                failure.excerpt().stream().anyMatch(line -> line.startsWith("fake service listening on ")),
                failure.excerpt().toString());
        assertTrue(
                failure.excerpt().stream().noneMatch(line -> line.contains("SRHCK01001")),
                "health polls in " + failure.excerpt());
        assertTrue(
                failure.report()
                        .endsWith("Smidgen failed to start: " + failure.reason() + System.lineSeparator() + "Full log: "
                                + failure.logFile() + System.lineSeparator()),
                failure.report());
    }

    @Test
    void aSupervisedServiceThatDiesIsRestartedWithBackoffButNothingIsAfterClose() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(console, originalErr), true, StandardCharsets.UTF_8));
        ServiceFleet fleet = ServiceFleet.start(infra, FleetOptions.randomPorts(root));
        try {
            fleet.supervise();
            ServiceInstance first = fleet.instance(ServiceFleet.INGEST);

            crash(first);
            ServiceInstance second = awaitRestart(fleet, first);
            assertEquals(first.port(), second.port(), "peers keep its URL");
            assertEquals(200, status(second.managementUrl() + "/q/health/ready", Duration.ofSeconds(20)));
            assertTrue(
                    console.toString(StandardCharsets.UTF_8)
                            .matches("(?s).*ingest-worker exited with code 137 after \\d+ s; restarting it in 1 s.*"),
                    console::toString);

            crash(second);
            ServiceInstance third = awaitRestart(fleet, second);
            assertTrue(
                    console.toString(StandardCharsets.UTF_8).contains("; restarting it in 2 s"),
                    "the second quick death doubles the wait: " + console);
            assertTrue(third.isAlive());

            fleet.stop(ServiceFleet.UPLOAD);
            Thread.sleep(1500);
            assertTrue(fleet.find(ServiceFleet.UPLOAD).isEmpty(), "a deliberate stop is not restarted");
        } finally {
            fleet.close();
        }
        int before = console.size();
        Thread.sleep(1500);
        System.setErr(originalErr);
        assertTrue(fleet.instances().isEmpty());
        assertFalse(
                console.toString(StandardCharsets.UTF_8).substring(before).contains("restarting"),
                "a clean stop triggered a restart: " + console);
    }

    private static void crash(ServiceInstance instance) throws Exception {
        ProcessHandle process = ProcessHandle.of(instance.pid()).orElseThrow();
        process.destroyForcibly(); // SIGKILL from outside: the fleet did not ask for it
        process.onExit().get(10, TimeUnit.SECONDS);
    }

    private static ServiceInstance awaitRestart(ServiceFleet fleet, ServiceInstance dead) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ServiceInstance> now = fleet.find(dead.name());
            if (now.isPresent() && now.get() != dead && now.get().isAlive()) {
                return now.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(dead.name() + " was not restarted");
    }

    private static int status(String url, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return HTTP.send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Keeps what is written and passes it on, so the test's console still shows it. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream copy;
        private final OutputStream out;

        TeeStream(OutputStream copy, OutputStream out) {
            this.copy = copy;
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            copy.write(b);
            out.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            copy.write(b, off, len);
            out.write(b, off, len);
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static void writeFakeServiceJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        try (InputStream classBytes = FakeService.class.getClassLoader().getResourceAsStream(entry);
                OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry(entry));
            classBytes.transferTo(jarOut);
            jarOut.closeEntry();
        }
    }
}
