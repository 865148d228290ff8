package dev.smidgen.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pure parts (ports, files, config rendering, JSON, API bootstrap) and the kill -9 guarantee of child JVMs. */
class UnitsTests {

    private static final Path DIR =
            Path.of(System.getProperty("devstack.test.dir", "target/devstack-test"), "units-" + UUID.randomUUID());

    @Test
    void picksDistinctFreePortsAndSeesTakenOnes() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ports.add(Ports.pickFree());
        }
        assertEquals(20, ports.size());
        assertEquals(4321, Ports.resolve(4321));
        try (ServerSocket taken = new ServerSocket(0)) {
            assertFalse(Ports.isFree(taken.getLocalPort()));
        }
    }

    @Test
    void envFileRoundTrips() throws IOException {
        Path file = DIR.resolve("env");
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("SMIDGEN_API_URL", "http://localhost:8080");
        entries.put("SMIDGEN_API_KEY", "sk_abc=def");
        EnvFile.write(file, "header line", entries);
        assertEquals(entries, EnvFile.read(file));
        assertTrue(Files.readString(file).startsWith("# header line\n"));
        assertEquals(
                Map.of("A", "1", "B", "two words"), EnvFile.parse("# c\n\nexport A=1\nB=\"two words\"\nnonsense\n"));
        assertTrue(EnvFile.read(DIR.resolve("missing")).isEmpty());
    }

    @Test
    void rendersKafkaAndS3Configuration() throws IOException {
        Properties kafka = new Properties();
        kafka.load(new java.io.StringReader(KafkaNode.renderServerProperties(19092, 19093, Path.of("/data/kafka"))));
        assertEquals("broker,controller", kafka.getProperty("process.roles"));
        assertEquals("PLAINTEXT://127.0.0.1:19092", kafka.getProperty("advertised.listeners"));
        assertEquals("127.0.0.1:19093", kafka.getProperty("controller.quorum.bootstrap.servers"));
        assertEquals("4", kafka.getProperty("num.partitions"));
        assertEquals("true", kafka.getProperty("auto.create.topics.enable"));
        assertEquals("1", kafka.getProperty("offsets.topic.replication.factor"));
        assertEquals("1", kafka.getProperty("transaction.state.log.replication.factor"));
        assertEquals("0", kafka.getProperty("group.initial.rebalance.delay.ms"));
        assertEquals("/data/kafka", kafka.getProperty("log.dirs"));

        String clusterId = KafkaNode.newClusterId();
        assertEquals(22, clusterId.length());
        assertTrue(clusterId.matches("[A-Za-z0-9_][A-Za-z0-9_-]+"), clusterId);

        Properties s3 = new Properties();
        s3.load(new java.io.StringReader(S3Server.renderProperties(18333, Path.of("/data/s3"))));
        assertEquals("filesystem", s3.getProperty("jclouds.provider"));
        assertEquals("/data/s3", s3.getProperty("jclouds.filesystem.basedir"));
        assertEquals("http://127.0.0.1:18333", s3.getProperty("s3proxy.endpoint"));
        assertEquals("aws-v2-or-v4", s3.getProperty("s3proxy.authorization"));
    }

    @Test
    void environmentSelectsExternalInfrastructureAndPorts() {
        DevstackOptions options = DevstackOptions.local(
                DIR,
                Map.of(
                        "SMIDGEN_DB_URL", "jdbc:postgresql://db:5432/x",
                        "SMIDGEN_KAFKA_PORT", "29092"));
        assertEquals("jdbc:postgresql://db:5432/x", options.externalPostgres().jdbcUrl());
        assertEquals("postgres", options.externalPostgres().user());
        assertNull(options.externalKafkaBootstrap());
        assertEquals(29092, options.kafkaPort());
        assertEquals(29093, options.kafkaControllerPort());
        assertEquals(18333, options.s3Port());
        FleetOptions fleet = FleetOptions.local(DIR, Map.of("SMIDGEN_API_PORT", "9000"));
        assertEquals(9000, fleet.port(ServiceFleet.API));
        assertEquals(8083, fleet.port(ServiceFleet.TRANSCODE));
        // Health and metrics 100 above each service port, as in the images (8180-8183).
        assertEquals(9100, fleet.managementPort(ServiceFleet.API));
        assertEquals(8183, fleet.managementPort(ServiceFleet.TRANSCODE));
        assertEquals(0, FleetOptions.randomPorts(DIR).managementPort(ServiceFleet.API));
    }

    @Test
    void readsJson() {
        Object parsed = MiniJson.parse(
                "{\"data\":[{\"id\":\"prj_1\",\"name\":\"d\\u00e9fault \\\"x\\\"\",\"n\":-1.5e2,\"ok\":true,\"z\":null}],\"next\":null}");
        Map<?, ?> first = (Map<?, ?>) ((List<?>) MiniJson.path(parsed, "data")).get(0);
        assertEquals("prj_1", first.get("id"));
        assertEquals("défault \"x\"", first.get("name"));
        assertEquals(-150.0, first.get("n"));
        assertEquals(Boolean.TRUE, first.get("ok"));
        assertTrue(first.containsKey("z"));
        assertNull(MiniJson.path(parsed, "data", "id"));
    }

    @Test
    void bootstrapFindsOrCreatesTheDefaultProjectAndReusesWorkingKeys() throws IOException {
        List<String> calls = new ArrayList<>();
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        api.createContext("/", exchange -> {
            String call =
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            calls.add(call);
            switch (call) {
                case "GET /tasks" -> respond(exchange, "Bearer sk_live".equals(auth) ? 200 : 401, "{\"data\":[]}");
                case "GET /admin/projects" ->
                    respond(
                            exchange,
                            "Bearer admin".equals(auth) ? 200 : 401,
                            "{\"data\":[{\"id\":\"prj_other\",\"name\":\"other\"}],\"next\":null}");
                case "POST /admin/projects" ->
                    respond(exchange, 201, "{\"data\":{\"id\":\"prj_new\",\"name\":\"default\"}}");
                case "POST /admin/projects/prj_new/keys" ->
                    respond(exchange, 201, "{\"data\":{\"id\":\"key_1\",\"key\":\"sk_fresh\"}}");
                default -> respond(exchange, 404, "{}");
            }
        });
        api.start();
        try {
            ApiBootstrap bootstrap =
                    new ApiBootstrap("http://127.0.0.1:" + api.getAddress().getPort() + "/", "admin");
            assertEquals("sk_live", bootstrap.ensureKey(Optional.of("sk_live")));
            assertEquals(List.of("GET /tasks"), calls);
            calls.clear();
            assertEquals("sk_fresh", bootstrap.ensureKey(Optional.of("sk_revoked")));
            assertEquals(
                    List.of(
                            "GET /tasks",
                            "GET /admin/projects",
                            "POST /admin/projects",
                            "POST /admin/projects/prj_new/keys"),
                    calls);
        } finally {
            api.stop(0);
        }
    }

    @Test
    void childJvmDiesWhenItsParentIsKilled() throws Exception {
        Path dir = DIR.resolve("orphans");
        Files.createDirectories(dir);
        Process parent = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx32m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SpawningParent.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        long childPid;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("child-pid="), "unexpected parent output: " + line);
            childPid = Long.parseLong(line.substring("child-pid=".length()));
        }
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
        assertTrue(child.isAlive());
        parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        boolean survived = child.isAlive();
        child.destroyForcibly();
        assertFalse(survived, "child JVM outlived its SIGKILLed parent");
        assertTrue(Files.readString(dir.resolve("child.log")).contains("[parent-watch] parent"));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
