package dev.smidgen.e2e;

import static io.restassured.RestAssured.given;

import dev.smidgen.devstack.DevstackOptions;
import dev.smidgen.devstack.FleetOptions;
import dev.smidgen.devstack.SmidgenStack;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The whole Smidgen stack, started once per test JVM: devstack's real Postgres, Kafka and S3 on
 * random ports (media as files, or in s3proxy with -Dsmidgen.e2e.storage=s3), the four packaged services, and a local source server with generated media.
 * Workers are configured for tests: private addresses allowed (the sources live on 127.0.0.1),
 * short leases and backoffs, an 8 MiB file limit; webhooks may go to 127.0.0.1 and retry after 1 s.
 */
final class TestStack {
    static final Map<String, String> WORKER_TEST_ENV = Map.ofEntries(
            Map.entry("SMIDGEN_INGEST_ALLOW_PRIVATE", "true"),
            Map.entry("SMIDGEN_INGEST_LEASE", "3s"),
            Map.entry("SMIDGEN_INGEST_PENDING_GRACE", "5s"),
            Map.entry("SMIDGEN_INGEST_SWEEP_INTERVAL", "1s"),
            Map.entry("SMIDGEN_INGEST_RETRY_BACKOFF", "200ms"),
            // Three tries, not the production six: the suite kills workers and counts attempts.
            Map.entry("SMIDGEN_INGEST_MAX_ATTEMPTS", "3"),
            Map.entry("SMIDGEN_TRANSCODE_MAX_ATTEMPTS", "3"),
            Map.entry("SMIDGEN_INGEST_READ_TIMEOUT", "5s"),
            Map.entry("SMIDGEN_INGEST_MAX_FILE_SIZE", String.valueOf(Sources.WORKER_MAX_FILE_SIZE)),
            // S3's smallest parts, so that the tests' files of a few MiB go up in parts, and a URL ingest on
            // S3 uploads its download while it is still coming (unused on the filesystem store).
            Map.entry("SMIDGEN_S3_MULTIPART_THRESHOLD", "5M"),
            Map.entry("SMIDGEN_S3_PART_SIZE", "5M"),
            Map.entry("SMIDGEN_UPLOADS_JANITOR_INTERVAL", "1s"),
            Map.entry("SMIDGEN_UPLOADS_LOCK_TIMEOUT", "3s"),
            Map.entry("SMIDGEN_TRANSCODE_LEASE", "3s"),
            Map.entry("SMIDGEN_TRANSCODE_PENDING_GRACE", "5s"),
            Map.entry("SMIDGEN_TRANSCODE_SWEEP_INTERVAL", "1s"),
            Map.entry("SMIDGEN_TRANSCODE_RETRY_BACKOFF", "200ms"),
            // Frequent enough that a conversion of a few seconds on a fast machine still shows several steps.
            Map.entry("SMIDGEN_TRANSCODE_PROGRESS_INTERVAL", "200ms"),
            Map.entry("SMIDGEN_TRANSCODE_WORK_DIR", TestStack.transcodeWorkDir().toString()));

    /** Where transcode workers make their per-task directories (each must be gone when its task ends). */
    static Path transcodeWorkDir() {
        return Path.of("target", "transcode-work").toAbsolutePath();
    }

    /** The per-task directories a transcode worker left for a task (none, once it has ended). */
    static List<String> transcodeWorkDirsOf(String taskId) {
        try (var dirs = Files.list(transcodeWorkDir())) {
            return dirs.map(d -> d.getFileName().toString())
                    .filter(n -> n.startsWith(taskId))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Webhook receivers run on 127.0.0.1 in the tests, and a failed delivery is retried within seconds. */
    static final Map<String, String> WEBHOOK_TEST_ENV = Map.of(
            "SMIDGEN_WEBHOOKS_ALLOW_PRIVATE", "true",
            "SMIDGEN_WEBHOOKS_RETRY_BASE", "1s",
            "SMIDGEN_WEBHOOKS_RETRY_MAX", "4s");

    /**
     * The outbox relay's and the webhook pump's periodic looks at their tables are an hour apart, so
     * every task of the suite reaches its worker, and every webhook leaves, through the commit
     * notifications and the pump's own planning of retries: the suite proves those paths, not the fallback.
     */
    static final Map<String, String> NOTIFICATION_TEST_ENV = Map.of(
            "SMIDGEN_OUTBOX_POLL_INTERVAL", "1h",
            "SMIDGEN_WEBHOOKS_POLL_INTERVAL", "1h");

    private static TestStack instance;

    final SmidgenStack stack;
    final Sources sources;
    /** The stack's store as the tests see it; {@code -Dsmidgen.e2e.storage=s3} runs the suite on S3. */
    final StoredObjects objects;

    /** A project and its API key. */
    record Project(String id, String key) {}

    static synchronized TestStack get() {
        if (instance == null) {
            instance = new TestStack();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "e2e-stack-shutdown"));
        }
        return instance;
    }

    private TestStack() {
        this(true, "e2e-stack");
    }

    /**
     * A stack of its own with the services' production settings (none of the test tuning: no short
     * leases, no one-second sweeps), for benchmarks; the caller closes it.
     */
    static TestStack withDefaults(String dirName, Map<String, String> env) {
        return new TestStack(false, dirName, env, storage(), null, 0);
    }

    /** As {@link #withDefaults}, on a given store and with the services' JVM options (e.g. full JIT for throughput). */
    static TestStack forBenchmark(
            String dirName, DevstackOptions.Storage storage, Map<String, String> env, String jvmOptions) {
        return new TestStack(false, dirName, env, storage, jvmOptions, 0);
    }

    /**
     * A stack of its own with production settings for the chaos suite, its embedded S3 (when on S3) on
     * {@code s3Port}, so that a proxy in front of it can be put in the services' environment first.
     */
    static TestStack forChaos(String dirName, DevstackOptions.Storage storage, int s3Port, Map<String, String> env) {
        return new TestStack(false, dirName, env, storage, null, s3Port);
    }

    private TestStack(boolean testTuning, String dirName) {
        this(testTuning, dirName, Map.of(), storage(), null, 0);
    }

    private TestStack(
            boolean testTuning,
            String dirName,
            Map<String, String> env,
            DevstackOptions.Storage storage,
            String jvmOptions,
            int s3Port) {
        Path target = Path.of("target").toAbsolutePath();
        sources = new Sources(target.resolve("e2e-media"));
        FleetOptions fleet = FleetOptions.randomPorts(repoRoot()).env("SMIDGEN_API_SYNC_TIMEOUT", "60s");
        if (testTuning) {
            fleet = fleet.env(WORKER_TEST_ENV).env(WEBHOOK_TEST_ENV).env(NOTIFICATION_TEST_ENV);
        }
        fleet = fleet.env(env);
        if (jvmOptions != null) {
            fleet = fleet.jvmOptions(jvmOptions);
        }
        RestAssured.config =
                RestAssured.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE));
        Path stackDir = target.resolve(dirName);
        deleteRecursively(stackDir); // every run starts from empty infrastructure
        DevstackOptions infra = DevstackOptions.randomPorts(stackDir).storage(storage);
        stack = SmidgenStack.start(s3Port == 0 ? infra : infra.s3Port(s3Port), fleet);
        objects = StoredObjects.of(stack.infra());
    }

    /** The store the suite runs on: the filesystem store (the default of ./smidgen up) unless told otherwise. */
    static DevstackOptions.Storage storage() {
        return DevstackOptions.Storage.valueOf(
                System.getProperty("smidgen.e2e.storage", "filesystem").toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether the suite runs on S3 (some checks look at S3's own bookkeeping, such as multipart uploads). */
    boolean onS3() {
        return stack.infra().usesS3();
    }

    /** The repository's root: given by Maven, else the parent of this module's directory (the working directory). */
    static Path repoRoot() {
        return Optional.ofNullable(System.getProperty("smidgen.repo.root"))
                .map(Path::of)
                .orElse(Path.of("").toAbsolutePath().getParent());
    }

    /** A fresh project with one API key, created through the admin API. */
    Project newProject(String name) {
        String id = given().baseUri(stack.apiUrl())
                .header("Authorization", "Bearer " + stack.adminToken())
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/admin/projects")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        String key = given().baseUri(stack.apiUrl())
                .header("Authorization", "Bearer " + stack.adminToken())
                .post("/admin/projects/" + id + "/keys")
                .then()
                .statusCode(201)
                .extract()
                .path("data.key");
        return new Project(id, key);
    }

    /** A new project whose files are delivered only through signed URLs. */
    Project newPrivateProject(String name) {
        Project project = newProject(name);
        given().baseUri(stack.apiUrl())
                .header("Authorization", "Bearer " + stack.adminToken())
                .contentType(ContentType.JSON)
                .body(Map.of("private", true))
                .patch("/admin/projects/" + project.id())
                .then()
                .statusCode(200);
        return project;
    }

    /** A request to the API as the given project. */
    RequestSpecification api(Project project) {
        return given().baseUri(stack.apiUrl())
                .header("Authorization", "Bearer " + project.key())
                .contentType(ContentType.JSON);
    }

    RequestSpecification anonymous() {
        return given().baseUri(stack.apiUrl());
    }

    /** Every object key under a project's prefix. */
    List<String> objectKeys(String projectId) {
        return objects.keys(projectId);
    }

    /** The object keys that start with {@code prefix} (a package's), which starts with its project's id. */
    List<String> objectKeysUnder(String prefix) {
        return objectKeys(prefix.substring(0, prefix.indexOf('/'))).stream()
                .filter(k -> k.startsWith(prefix))
                .toList();
    }

    /** Rows of a query against the stack's database. */
    List<Map<String, Object>> query(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(
                        stack.infra().jdbcUrl(),
                        stack.infra().dbUser(),
                        stack.infra().dbPassword());
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
                        row.put(rs.getMetaData().getColumnLabel(col), rs.getObject(col));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql, Object... args) {
        return ((Number) query(sql, args).get(0).values().iterator().next()).longValue();
    }

    /** Removes {@code dir} and everything in it; nothing to do when it does not exist. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close() {
        sources.server.close();
        stack.close();
    }
}
