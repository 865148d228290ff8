package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.TestStack.Project;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ingest worker's half of a direct upload: an object staged at {@code {project}/.uploads/{upl}}
 * and an ingest task naming it, as the upload service leaves them, written here straight into the
 * bucket and the database. The task is picked up by the orphan sweep (no announcement is sent).
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
@Order(25)
class StagedIngestIT {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    static TestStack env;
    static Project project;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("staged");
    }

    @Test
    void stagedObjectBecomesTheFileWhereItIsAndTheSessionCompletes() {
        Staged upload = stage(env.sources.video);
        String taskId = ingest(upload, """
                "folder": "trips", "filename": "holiday.mp4", "original_filename": "Holiday 2026.mp4",
                "metadata": {"trip": "alps"},
                "conditions": {"operator": "&&", "rules": [{"key": "kind", "operator": "==", "value": "video"},
                                                          {"key": "filesize", "operator": "<=", "value": 8388608}]}""");

        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(60));
        assertEquals("completed", task.getString("status"), () -> "task ended " + task.getString("error.message"));

        Map<String, Object> file =
                env.query("SELECT * FROM files WHERE id = ?", upload.fileId()).get(0);
        assertEquals(upload.key(), file.get("storage_key"), "the staged object is the file's object");
        assertEquals("trips", file.get("folder"));
        assertEquals("holiday.mp4", file.get("filename"));
        assertEquals("ready", file.get("status"));
        assertEquals("sha256:" + Sources.sha256(env.sources.video), file.get("checksum"));
        assertEquals(List.of(upload.key()), env.objectKeys(project.id()), "no second copy");

        Map<String, Object> session = session(upload);
        assertEquals("completed", session.get("status"));
        assertEquals(upload.mediaId(), session.get("media_id"));
        assertEquals(upload.fileId(), session.get("file_id"));
        assertNotNull(session.get("completed"));

        JsonPath media = env.api(project)
                .get("/media/" + upload.mediaId())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("Holiday 2026.mp4", media.getString("data.title"), "the client's file name is the default title");
        String url = env.api(project)
                .get("/files/" + upload.fileId())
                .then()
                .statusCode(200)
                .extract()
                .path("data.url");
        byte[] delivered = RestAssured.get(url).then().statusCode(200).extract().asByteArray();
        assertEquals(Sources.sha256(env.sources.video), Sources.sha256(delivered));
    }

    @Test
    void failedConditionsFailTheSessionAndDeleteTheStagedBytes() {
        Staged upload = stage(env.sources.video);
        String taskId = ingest(upload, """
                "conditions": [{"key": "kind", "operator": "==", "value": "image"}, {"key": "filesize", "operator": "<=", "value": 100}]""");

        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(60));
        assertEquals("failed", task.getString("status"));
        assertEquals("condition_failed", task.getString("error.code"));
        assertEquals(
                "The file does not meet the upload conditions: kind == image, filesize <= 100.",
                task.getString("error.message"));
        assertNothingLeft(upload, "condition_failed");
    }

    @Test
    void unsupportedMediaDeletesTheStagedBytes() throws Exception {
        Path text = Files.writeString(Files.createTempFile("staged", ".txt"), "not media\n".repeat(100));
        Staged upload = stage(text);
        JsonPath task = Tasks.awaitFinished(env, project, ingest(upload, ""), Duration.ofSeconds(60));
        assertEquals("unsupported_media", task.getString("error.code"));
        assertNothingLeft(upload, "unsupported_media");
    }

    @Test
    void missingStagedObjectFailsAtOnce() {
        Staged upload = Staged.create(project);
        insertSession(upload);
        JsonPath task = Tasks.awaitFinished(env, project, ingest(upload, ""), Duration.ofSeconds(60));
        assertEquals("internal", task.getString("error.code"));
        assertEquals(1, task.getInt("attempts"), "a missing object is not retried");
        assertEquals("failed", session(upload).get("status"));
    }

    @Test
    void taskThatKeptKillingWorkersGivesUpAndDeletesTheStagedBytes() {
        Staged upload = stage(env.sources.video);
        // As a third worker that died holding it would leave it: processing, lease run out.
        env.query("""
                INSERT INTO tasks (id, project_id, kind, status, input, file_id, media_id, attempts, lease_owner, lease_expires,
                                   created, updated, started)
                VALUES (?, ?, 'ingest', 'processing', ?::jsonb, ?, ?, 3, 'dead-worker', now() - interval '1 minute',
                        now() - interval '5 minutes', now() - interval '1 minute', now() - interval '5 minutes') RETURNING id""", upload.taskId(), project.id(), input(upload, ""), upload.fileId(), upload.mediaId());

        JsonPath task = Tasks.awaitFinished(env, project, upload.taskId(), Duration.ofSeconds(60));
        assertEquals("internal", task.getString("error.code"));
        assertTrue(
                task.getString("error.message").startsWith("The task was abandoned after 3 attempts"),
                task.getString("error.message"));
        assertNothingLeft(upload, "internal");
    }

    private void assertNothingLeft(Staged upload, String code) {
        Map<String, Object> session = session(upload);
        assertEquals("failed", session.get("status"));
        assertEquals(code, session.get("error_code"));
        assertFalse(env.objectKeys(project.id()).contains(upload.key()), "the client's bytes are gone");
        assertEquals(0, env.count("SELECT count(*) FROM files WHERE id = ?", upload.fileId()));
        assertEquals(0, env.count("SELECT count(*) FROM media WHERE id = ?", upload.mediaId()));
    }

    /** What the upload service leaves behind once the bytes are in: the object and a completing session. */
    private Staged stage(Path bytes) {
        Staged upload = Staged.create(project);
        try {
            env.objects.write(upload.key(), java.nio.file.Files.readAllBytes(bytes));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        insertSession(upload);
        return upload;
    }

    private void insertSession(Staged upload) {
        env.query("""
                INSERT INTO upload_sessions (id, project_id, status, resumable, storage_key, task_id, expires, created, updated)
                VALUES (?, ?, 'completing', false, ?, ?, now() + interval '1 hour', now(), now()) RETURNING id""", upload.id(), project.id(), upload.key(), upload.taskId());
    }

    /**
     * The ingest task the upload service creates, with {@code moreInput} (JSON members) beside the
     * upload's own; backdated so the orphan sweep takes it at once.
     */
    private String ingest(Staged upload, String moreInput) {
        env.query("""
                INSERT INTO tasks (id, project_id, kind, status, input, file_id, media_id, created, updated)
                VALUES (?, ?, 'ingest', 'pending', ?::jsonb, ?, ?, now() - interval '1 minute', now()) RETURNING id""", upload.taskId(), project.id(), input(upload, moreInput), upload.fileId(), upload.mediaId());
        return upload.taskId();
    }

    private static String input(Staged upload, String moreInput) {
        return "{\"upload\": \"" + upload.id() + "\", \"staged_key\": \"" + upload.key() + "\""
                + (moreInput.isBlank() ? "" : ", " + moreInput) + "}";
    }

    private Map<String, Object> session(Staged upload) {
        return env.query("SELECT * FROM upload_sessions WHERE id = ?", upload.id())
                .get(0);
    }

    /** One staged upload's ids, and the key its object is staged at. */
    private record Staged(String id, String key, String taskId, String fileId, String mediaId) {
        static Staged create(Project project) {
            String id = id("upl");
            return new Staged(id, project.id() + "/.uploads/" + id, id("task"), id("file"), id("med"));
        }

        private static String id(String prefix) {
            StringBuilder id = new StringBuilder(prefix).append('_');
            for (int i = 0; i < 12; i++) {
                id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            return id.toString();
        }
    }
}
