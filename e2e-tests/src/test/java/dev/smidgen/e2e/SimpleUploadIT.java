package dev.smidgen.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.TestStack.Project;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The simple protocol (docs/api/uploads.md): one multipart/form-data POST to the session URL, answered with Media. */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
@Order(61)
class SimpleUploadIT {
    static TestStack env;
    static Project project;
    static Uploads uploads;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("simple-uploads");
        uploads = new Uploads(env, project);
    }

    @Test
    void aVideoBecomesMediaWithTheSessionsNamesAndMetadata() {
        Map<String, Object> session = uploads.session(Map.of(
                "folder",
                "usr_abcd/profile",
                "filename",
                "intro.mp4",
                "alias",
                "intro-video",
                "metadata",
                Map.of("user_id", "usr_abcd", "fingerprint", "fp-1")));
        Map<String, Object> media = uploads.simple((String) session.get("url"), env.sources.video, "video/mp4")
                .statusCode(201)
                .body("data.kind", equalTo("video"))
                .body("data.width", equalTo(640))
                .body("data.alias", equalTo("intro-video"))
                .body("data.metadata.user_id", equalTo("usr_abcd"))
                .body("data.sources[0].folder", equalTo("usr_abcd/profile"))
                .body("data.sources[0].filename", equalTo("intro.mp4"))
                .extract()
                .path("data");
        String mediaId = (String) media.get("id");
        uploads.assertStoredExactly(mediaId, Uploads.read(env.sources.video));
        assertEquals(
                Uploads.sha256(Uploads.read(env.sources.video)),
                uploads.handedSha256((String) session.get("id")),
                "the file was hashed on its way in, for the ingest");
        env.api(project)
                .get("/uploads/" + session.get("id"))
                .then()
                .statusCode(200)
                .body("data.status", equalTo("completed"))
                .body("data.media_id", equalTo(mediaId))
                .body("data.url", equalTo(null));
        // Only the file's own object remains: no tail, no chunks, no multipart leftovers.
        assertEquals(
                List.of(project.id() + "/.uploads/" + session.get("id")),
                env.objectKeys(project.id()).stream()
                        .filter(k -> k.contains((String) session.get("id")))
                        .toList());
        assertEquals(List.of(), uploads.stagedFor((String) session.get("id")), "the staged bytes became the object");
    }

    @Test
    void theBareFileInAPutIsASimpleUploadToo() {
        Map<String, Object> session = uploads.session(Map.of("filename", "put.mp4"));
        String url = (String) session.get("url");
        byte[] video = Uploads.read(env.sources.video);
        String mediaId = io.restassured.RestAssured.given()
                .contentType("video/mp4")
                .body(video)
                .put(url)
                .then()
                .statusCode(201)
                .body("data.kind", equalTo("video"))
                .body("data.sources[0].filename", equalTo("put.mp4"))
                .extract()
                .path("data.id");
        uploads.assertStoredExactly(mediaId, video);
        assertEquals(Uploads.sha256(video), uploads.handedSha256((String) session.get("id")));
        assertEquals(List.of(), uploads.stagedFor((String) session.get("id")));
        io.restassured.RestAssured.given()
                .body(video)
                .put(url)
                .then()
                .statusCode(409)
                .body("error.code", equalTo("conflict"));
    }

    @Test
    void anImageAndAnAudioFileToo() {
        uploads.simple(uploads.url(Map.of()), env.sources.png, "image/png")
                .statusCode(201)
                .body("data.kind", equalTo("image"));
        uploads.simple(uploads.url(Map.of()), env.sources.mp3, "audio/mpeg")
                .statusCode(201)
                .body("data.kind", equalTo("audio"));
    }

    @Test
    void aSecondUploadToTheSameUrlIsRefused() {
        String url = uploads.url(Map.of());
        uploads.simple(url, env.sources.png, "image/png").statusCode(201);
        uploads.simple(url, env.sources.png, "image/png").statusCode(409).body("error.code", equalTo("conflict"));
    }

    @Test
    void aNonMediaFileIsRefusedAndNothingRemains() {
        Map<String, Object> session = uploads.session(Map.of());
        uploads.simple((String) session.get("url"), env.sources.text, "text/plain")
                .statusCode(422)
                .body("error.code", equalTo("unsupported_media"));
        assertNothingStoredFor((String) session.get("id"));
        env.api(project)
                .get("/uploads/" + session.get("id"))
                .then()
                .body("data.status", equalTo("failed"))
                .body("data.error.code", equalTo("unsupported_media"));
    }

    @Test
    void tamperedExpiredAndMissingKeysAreRefused() {
        Map<String, Object> session = uploads.session(Map.of());
        String url = (String) session.get("url");
        String tampered = url.substring(0, url.length() - 3) + (url.endsWith("AAA") ? "BBB" : "AAA");
        uploads.simple(tampered, env.sources.png, "image/png")
                .statusCode(403)
                .body("error.code", equalTo("signature_invalid"));
        uploads.simple(url.substring(0, url.indexOf('?')), env.sources.png, "image/png")
                .statusCode(403)
                .body("error.code", equalTo("signature_required"));
        uploads.simple(url.replace("/store/single", "/store/resumable"), env.sources.png, "image/png")
                .statusCode(400);
        env.query(
                "UPDATE upload_sessions SET expires = now() - interval '1 second' WHERE id = ? RETURNING id",
                session.get("id"));
        uploads.simple(url, env.sources.png, "image/png").statusCode(410).body("error.code", equalTo("upload_expired"));
        env.api(project).get("/uploads/" + session.get("id")).then().body("data.status", equalTo("expired"));
    }

    @Test
    void twoClientsRacingForOneFilenameGetOneFileAndOneConflict() {
        String first = uploads.url(Map.of("folder", "race", "filename", "same.png"));
        String second = uploads.url(Map.of("folder", "race", "filename", "same.png"));
        CompletableFuture<Response> a = CompletableFuture.supplyAsync(() -> io.restassured.RestAssured.given()
                .multiPart("file", env.sources.png.toFile(), "image/png")
                .post(first));
        CompletableFuture<Response> b = CompletableFuture.supplyAsync(() -> io.restassured.RestAssured.given()
                .multiPart("file", env.sources.png.toFile(), "image/png")
                .post(second));
        List<Integer> statuses =
                new ArrayList<>(List.of(a.join().statusCode(), b.join().statusCode()));
        statuses.sort(Integer::compare);
        assertEquals(List.of(201, 409), statuses);
        assertEquals(
                1,
                env.count(
                        "SELECT count(*) FROM files WHERE project_id = ? AND folder = 'race' AND deleted IS NULL",
                        project.id()));
        assertEquals(
                1,
                env.objectKeys(project.id()).stream()
                        .filter(k -> k.contains("/.uploads/"))
                        .filter(k -> {
                            String id = k.substring(k.lastIndexOf('/') + 1);
                            return env.count(
                                            "SELECT count(*) FROM upload_sessions WHERE id = ? AND folder = 'race'", id)
                                    == 1;
                        })
                        .count());
    }

    @Test
    void aFormWithoutAFileFieldIsABadRequest() {
        io.restassured.RestAssured.given()
                .multiPart("other", "x")
                .post(uploads.url(Map.of()))
                .then()
                .statusCode(400)
                .body("error.field", equalTo("file"));
    }

    @Test
    void sessionsAreListedAndFoundAgainByFingerprint() {
        Map<String, Object> session =
                uploads.session(Map.of("resumable", true, "metadata", Map.of("fingerprint", "lost-tab-42")));
        env.api(project)
                .get("/uploads?fingerprint=lost-tab-42&status=open")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].id", equalTo(session.get("id")))
                .body("data[0].url", containsString("/store/resumable?key="))
                .body("meta.total", equalTo(1));
    }

    @Test
    void badSessionRequestsAreRefused() {
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of(
                        "conditions",
                        Map.of("rules", List.of(Map.of("key", "colour", "operator", "==", "value", "red")))),
                Map.of("conditions", List.of(Map.of("key", "width", "operator", "~", "value", 1))),
                Map.of("expires_in", 5),
                Map.of("expires_in", "soon"),
                Map.of("alias", "no spaces"),
                Map.of("resumable", "yes"),
                Map.of("metadata", Map.of("nested", Map.of("a", 1))),
                Map.of("filename", "../escape.mp4"))) {
            Response r = env.api(project).body(body).post("/uploads");
            assertEquals(400, r.statusCode(), body + " → " + r.asString());
            assertEquals("invalid_request", r.path("error.code"));
            assertTrue(r.path("error.field") != null, body.toString());
        }
        env.anonymous()
                .contentType("application/json")
                .body(Map.of())
                .post("/uploads")
                .then()
                .statusCode(401);
        env.api(project)
                .body(Map.of("expires_in", 600))
                .post("/uploads")
                .then()
                .statusCode(200)
                .body("data.expires", notNullValue())
                .body("data.resumable", equalTo(false));
    }

    private void assertNothingStoredFor(String sessionId) {
        assertEquals(
                List.of(),
                env.objectKeys(project.id()).stream()
                        .filter(k -> k.contains(sessionId))
                        .toList());
        assertEquals(List.of(), uploads.stagedFor(sessionId));
        String mediaId = (String) env.query("SELECT media_id FROM upload_sessions WHERE id = ?", sessionId)
                .get(0)
                .get("media_id");
        assertEquals(0, env.count("SELECT count(*) FROM media WHERE id = ?", mediaId));
        assertEquals(0, env.count("SELECT count(*) FROM files WHERE media_id = ?", mediaId));
    }
}
