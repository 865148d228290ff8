package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.devstack.S3Server;
import dev.smidgen.e2e.TestStack.Project;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Connections end to end (docs/api/connections.md): the user's own bucket is a second s3proxy with
 * credentials of its own (s3proxy serves one identity per instance, so a second instance is the
 * user's storage, apart from the stack's). The API's shapes and checks, a job that reads its s3://
 * input and exports its output, and the import and export steps on their own.
 */
@Order(82)
class ConnectionsIT {
    private static final String ACCESS = "user-access-key";
    private static final String SECRET = "user-secret-key-1234";
    private static final String BUCKET = "user-bucket";
    private static final Duration WAIT = Duration.ofSeconds(60);

    static TestStack env;
    static S3Server userS3;
    static S3Client user;
    Project project;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        userS3 = S3Server.standalone(Path.of("target", "connections-s3").toAbsolutePath(), BUCKET, ACCESS, SECRET);
        user = S3Client.builder()
                .endpointOverride(URI.create(userS3.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    @AfterAll
    static void stop() {
        if (user != null) {
            user.close();
        }
        if (userS3 != null) {
            userS3.close();
        }
        TestStack.deleteRecursively(Path.of("target", "connections-s3").toAbsolutePath());
    }

    @BeforeEach
    void newProject(TestInfo test) {
        project = env.newProject(
                "connections-" + test.getTestMethod().orElseThrow().getName());
    }

    private Map<String, Object> body(String name) {
        Map<String, Object> b = new HashMap<>();
        b.put("kind", "s3");
        b.put("name", name);
        b.put("endpoint", userS3.endpoint());
        b.put("region", "us-east-1");
        b.put("bucket", BUCKET);
        b.put("access_key_id", ACCESS);
        b.put("secret_access_key", SECRET);
        return b;
    }

    private String create(Map<String, Object> body) {
        return env.api(project)
                .body(body)
                .post("/connections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void aConnectionIsShownWithoutItsSecret() {
        long before = System.currentTimeMillis();
        Response created = env.api(project).body(body("archive")).post("/connections");
        created.then()
                .statusCode(201)
                .body("id", matchesPattern("con_[a-z0-9]{12}"))
                .body("object", equalTo("storage_connection"))
                .body("kind", equalTo("s3"))
                .body("name", equalTo("archive"))
                .body("endpoint", equalTo(userS3.endpoint()))
                .body("region", equalTo("us-east-1"))
                .body("bucket", equalTo(BUCKET))
                .body("access_key_id", equalTo(ACCESS))
                .body("is_default", equalTo(false));
        JsonPath json = created.jsonPath();
        String id = json.getString("id");
        long createdAt = json.getLong("created_at");
        assertTrue(
                createdAt >= before - 1000 && createdAt <= System.currentTimeMillis() + 1000, "not ms: " + createdAt);
        assertFalse(json.getMap("").containsKey("secret_access_key"));
        assertFalse(created.asString().contains(SECRET));

        Response one = env.api(project).get("/connections/" + id);
        one.then().statusCode(200).body("id", equalTo(id));
        assertFalse(one.asString().contains(SECRET));

        Response list = env.api(project).get("/connections?limit=10");
        list.then().statusCode(200).header("X-Has-More", "false").body("[0].id", equalTo(id));
        assertFalse(list.asString().contains(SECRET));

        Response renamed = env.api(project).body(Map.of("name", "renamed")).patch("/connections/" + id);
        renamed.then().statusCode(200).body("name", equalTo("renamed"));
        assertTrue(renamed.jsonPath().getLong("updated_at") >= createdAt);

        env.api(project)
                .post("/connections/" + id + "/test")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        // A new secret is checked before it is stored: the wrong one leaves the connection working.
        env.api(project)
                .body(Map.of("secret_access_key", "wrong-secret"))
                .patch("/connections/" + id)
                .then()
                .statusCode(422)
                .body("kind", equalTo("connection_unauthorized"));
        env.api(project).post("/connections/" + id + "/test").then().statusCode(200);

        env.api(project).delete("/connections/" + id).then().statusCode(200).body("deleted", equalTo(true));
        env.api(project).get("/connections/" + id).then().statusCode(404).body("kind", equalTo("connection_not_found"));
    }

    @Test
    void listsPageWithCursors() {
        String first = create(body("one"));
        String second = create(body("two"));
        Response page = env.api(project).get("/connections?limit=1&order=asc");
        page.then().statusCode(200).header("X-Has-More", "true").body("[0].id", equalTo(first));
        assertTrue(page.header("Link").contains("after=" + first), page.header("Link"));
        env.api(project)
                .get("/connections?limit=1&order=asc&after=" + first)
                .then()
                .statusCode(200)
                .header("X-Has-More", "false")
                .body("[0].id", equalTo(second));
    }

    @Test
    void oneConnectionIsTheDefault() {
        Map<String, Object> a = body("a");
        a.put("is_default", true);
        String first = create(a);
        Map<String, Object> b = body("b");
        b.put("is_default", true);
        String second = create(b);
        env.api(project).get("/connections/" + first).then().body("is_default", equalTo(false));
        env.api(project).get("/connections/" + second).then().body("is_default", equalTo(true));

        env.api(project)
                .body(Map.of("is_default", true))
                .patch("/connections/" + first)
                .then()
                .statusCode(200)
                .body("is_default", equalTo(true));
        env.api(project).get("/connections/" + second).then().body("is_default", equalTo(false));
    }

    @Test
    void theCheckTellsWhatIsWrong() throws Exception {
        Map<String, Object> wrongKeys = body("wrong");
        wrongKeys.put("secret_access_key", "not-the-secret");
        expect(wrongKeys, 422, "connection_unauthorized");

        Map<String, Object> noBucket = body("missing");
        noBucket.put("bucket", "no-such-bucket");
        expect(noBucket, 422, "bucket_not_found");

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, Object> unreachable = body("closed");
        unreachable.put("endpoint", "http://127.0.0.1:" + closed);
        expect(unreachable, 422, "connection_unreachable");

        Map<String, Object> withPath = body("path");
        withPath.put("endpoint", userS3.endpoint() + "/bucket");
        expect(withPath, 400, "invalid_input").then().body("field", equalTo("endpoint"));
        Map<String, Object> noRegion = body("region");
        noRegion.remove("region");
        expect(noRegion, 400, "invalid_input").then().body("field", equalTo("region"));

        assertEquals(0, env.count("SELECT count(*) FROM connections WHERE project_id = ?", project.id()));
    }

    private Response expect(Map<String, Object> body, int status, String kind) {
        Response r = env.api(project).body(body).post("/connections");
        r.then().statusCode(status).body("kind", equalTo(kind));
        assertFalse(r.asString().contains(SECRET));
        return r;
    }

    @Test
    void aConnectionInUseCannotBeDeleted() {
        String id = create(body("busy"));
        // The slow source keeps the job's import running for seconds: its export names the connection.
        String jobId = env.api(project)
                .body(Map.of(
                        "input",
                        env.sources.url("/slow.mp4"),
                        "kind",
                        "image",
                        "output",
                        "s3://" + BUCKET + "/out/busy.jpg",
                        "connection_id",
                        id))
                .post("/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        env.api(project).delete("/connections/" + id).then().statusCode(409).body("kind", equalTo("conflict"));

        env.api(project).post("/jobs/" + jobId + "/cancel").then().statusCode(200);
        env.api(project).delete("/connections/" + id).then().statusCode(200);
    }

    @Test
    void aJobReadsItsS3InputAndExportsItsOutputThroughTheDefaultConnection() throws Exception {
        Map<String, Object> connection = body("default");
        connection.put("is_default", true);
        create(connection);
        String in = "in/" + UUID.randomUUID() + ".mp4";
        String out = "out/" + UUID.randomUUID() + ".webm";
        user.putObject(
                b -> b.bucket(BUCKET).key(in),
                software.amazon.awssdk.core.sync.RequestBody.fromFile(env.sources.video));
        try {
            String jobId = env.api(project)
                    .body(Map.of(
                            "input",
                            "s3://" + BUCKET + "/" + in,
                            "kind",
                            "video",
                            "options",
                            Map.of("format", "webm", "width", 320),
                            "output",
                            "s3://" + BUCKET + "/" + out))
                    .post("/jobs")
                    .then()
                    .statusCode(201)
                    .body("tasks.kind", equalTo(List.of("import", "video", "export")))
                    .body("tasks[2].status", equalTo("waiting"))
                    .extract()
                    .path("id");
            JsonPath job = awaitJob(jobId);
            assertEquals("succeeded", job.getString("status"), job.getString("error.message"));
            assertEquals("s3://" + BUCKET + "/" + out, job.getString("output"));
            assertEquals("s3://" + BUCKET + "/" + out, job.getString("tasks[2].output.url"));
            assertEquals(job.getString("tasks[1].output.id"), job.getString("tasks[2].input.id"));
            assertEquals("s3://" + BUCKET + "/" + in, job.getString("tasks[0].input.url"));

            Path exported = Files.createTempFile(Path.of("target"), "exported-", ".webm");
            try {
                Files.write(
                        exported,
                        user.getObjectAsBytes(b -> b.bucket(BUCKET).key(out)).asByteArray());
                var probe = dev.smidgen.media.probe.Ffprobe.probe(exported, "exported");
                assertEquals("vp9", probe.codec());
                assertEquals(320, probe.width());
                assertEquals(job.getLong("tasks[2].output.size"), Files.size(exported));
            } finally {
                Files.deleteIfExists(exported);
            }
        } finally {
            user.deleteObject(b -> b.bucket(BUCKET).key(in));
            user.deleteObject(b -> b.bucket(BUCKET).key(out));
        }
    }

    @Test
    void anS3InputIsImportedThroughTheConnection() throws Exception {
        String id = create(body("source"));
        String key = "in/" + UUID.randomUUID() + ".mp4";
        byte[] video = Files.readAllBytes(env.sources.video);
        user.putObject(b -> b.bucket(BUCKET).key(key), software.amazon.awssdk.core.sync.RequestBody.fromBytes(video));
        try {
            JsonPath task = awaitTask(step(Map.of(
                    "kind", "import", "input", Map.of("url", "s3://" + BUCKET + "/" + key, "connection_id", id))));
            assertEquals("succeeded", task.getString("status"), task.getString("error.message"));
            assertEquals("video", task.getString("output.kind"));
            assertEquals(video.length, task.getLong("output.filesize"));

            JsonPath probed = awaitTask(step(Map.of(
                    "kind", "probe", "input", Map.of("url", "s3://" + BUCKET + "/" + key, "connection_id", id))));
            assertEquals("succeeded", probed.getString("status"), probed.getString("error.message"));
            assertEquals("h264", probed.getString("output.codecs.video"));
            assertEquals("s3://" + BUCKET + "/" + key, probed.getString("output.url"));

            JsonPath failed = awaitTask(step(Map.of(
                    "kind",
                    "import",
                    "input",
                    Map.of("url", "s3://" + BUCKET + "/in/no-such.mp4"),
                    "connection_id",
                    id)));
            assertEquals("failed", failed.getString("status"));
            assertEquals("source_unreachable", failed.getString("error.kind"));
            assertTrue(failed.getString("error.message").contains("in/no-such.mp4"), failed.getString("error.message"));
        } finally {
            user.deleteObject(b -> b.bucket(BUCKET).key(key));
        }
    }

    @Test
    void anExportCopiesTheFileToTheBucket() throws Exception {
        String id = create(body("target"));
        String fileId = env.api(project)
                .body(Map.of("url", env.sources.url("/video.mp4")))
                .post("/files")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        String key = "out/" + UUID.randomUUID() + ".mp4";
        JsonPath task = awaitTask(step(Map.of(
                "kind", "export",
                "input", Map.of("id", fileId),
                "options", Map.of("url", "s3://" + BUCKET + "/" + key, "connection_id", id))));
        try {
            assertEquals("succeeded", task.getString("status"), task.getString("error.message"));
            assertEquals("s3://" + BUCKET + "/" + key, task.getString("output.url"));
            assertEquals(id, task.getString("output.connection_id"));
            byte[] original = Files.readAllBytes(env.sources.video);
            assertEquals(original.length, task.getLong("output.size"));
            byte[] exported =
                    user.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            assertArrayEquals(
                    sha.digest(original), MessageDigest.getInstance("SHA-256").digest(exported));
        } finally {
            user.deleteObject(b -> b.bucket(BUCKET).key(key));
        }

        // Keys that stopped working fail the export with the connection's code, and leave nothing.
        env.query("UPDATE connections SET access_key_id = 'revoked', updated = now() WHERE id = ? RETURNING id", id);
        JsonPath failed = awaitTask(step(Map.of(
                "kind", "export",
                "input", Map.of("id", fileId),
                "options", Map.of("url", "s3://" + BUCKET + "/out/denied.mp4", "connection_id", id))));
        assertEquals("failed", failed.getString("status"));
        assertEquals("connection_unauthorized", failed.getString("error.kind"));
        assertTrue(user.listObjectsV2(b -> b.bucket(BUCKET).prefix("out/denied"))
                .contents()
                .isEmpty());
    }

    /** Creates a step of the jobs generation on {@code POST /tasks}; its id. */
    private String step(Map<String, Object> body) {
        return env.api(project)
                .body(body)
                .post("/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private JsonPath awaitTask(String taskId) {
        return await("/tasks/" + taskId);
    }

    private JsonPath awaitJob(String jobId) {
        return await("/jobs/" + jobId);
    }

    private JsonPath await(String path) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath body =
                    env.api(project).get(path).then().statusCode(200).extract().jsonPath();
            if (List.of("succeeded", "failed", "cancelled").contains(body.getString("status"))) {
                return body;
            }
            Tasks.sleep(200);
        }
        fail(path + " did not finish within " + WAIT);
        return null;
    }
}
