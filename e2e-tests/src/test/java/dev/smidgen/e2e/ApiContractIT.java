package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.smidgen.e2e.TestStack.Project;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP contract (docs/api/contract.md): auth, envelope, versions, errors, paging, isolation, names. */
@Order(30)
class ApiContractIT {
    static TestStack env;
    static Project a;
    static Project b;
    static String taskOfA;
    static String fileOfA;
    static String mediaOfA;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        a = env.newProject("contract-a");
        b = env.newProject("contract-b");
        Response media = env.api(a)
                .body(Map.of("url", env.sources.url("/image.png"), "alias", "test-card"))
                .post("/media");
        media.then().statusCode(201);
        mediaOfA = media.path("data.id");
        fileOfA = media.path("data.sources[0].id");
        taskOfA = (String) env.query("SELECT id FROM tasks WHERE media_id = ?", mediaOfA)
                .get(0)
                .get("id");
    }

    @Test
    void missingOrWrongKeysAreUnauthorized() {
        env.anonymous()
                .get("/tasks")
                .then()
                .statusCode(401)
                .body("error.code", equalTo("unauthorized"))
                .body("data", nullValue())
                .body("meta.status", equalTo(401));
        env.anonymous()
                .header("Authorization", "Bearer smdg_" + "x".repeat(40))
                .get("/tasks")
                .then()
                .statusCode(401);
        env.anonymous()
                .header("Authorization", "Basic abc")
                .get("/files/" + fileOfA)
                .then()
                .statusCode(401);
    }

    @Test
    void anotherProjectsIdsAreNotFound() {
        env.api(b).get("/tasks/" + taskOfA).then().statusCode(404).body("error.code", equalTo("not_found"));
        env.api(b).get("/files/" + fileOfA).then().statusCode(404).body("error.code", equalTo("not_found"));
        env.api(b).get("/media/" + mediaOfA).then().statusCode(404);
        env.api(b).get("/media/test-card").then().statusCode(404);
        env.api(b).get("/tasks?limit=100").then().statusCode(200).body("meta.total", equalTo(0));
        env.api(a).get("/tasks/task_doesnotexist").then().statusCode(404);
    }

    @Test
    void envelopeCarriesRequestMetaAndLinks() {
        Response r = env.api(a).get("/files/" + fileOfA);
        r.then()
                .statusCode(200)
                .body("meta.id", startsWith("req_"))
                .body("meta.method", equalTo("GET"))
                .body("meta.path", equalTo("/files/" + fileOfA))
                .body("meta.version", equalTo("2024-08-21"))
                .body("meta.status", equalTo(200))
                .body("meta.type", equalTo("object"))
                .body("meta.project_id", equalTo(a.id()))
                .body("meta.org_id", startsWith("org_"))
                .body("error", nullValue())
                .body("links.self", equalTo(env.stack.apiUrl() + "/files/" + fileOfA))
                .body("links.parent", equalTo(env.stack.apiUrl() + "/files"));
        assertEquals((String) r.path("meta.id"), r.header("X-Request-Id"));
        assertEquals("2024-08-21", r.header("X-Api-Version"));
        assertNotEquals((String) r.path("meta.id"), (String)
                env.api(a).get("/files/" + fileOfA).path("meta.id"));
    }

    @Test
    void mediaIsFoundByAlias() {
        env.api(a)
                .get("/media/test-card")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(mediaOfA))
                .body("data.alias", equalTo("test-card"));
        env.api(a)
                .body(Map.of("url", env.sources.url("/image.png"), "alias", "test-card"))
                .post("/media")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("conflict"))
                .body("error.field", equalTo("alias"));
    }

    @Test
    void currentVersionAnswersBareShapes() {
        env.api(a)
                .header("Accept-Version", "2025-08-20")
                .get("/tasks/" + taskOfA)
                .then()
                .statusCode(200)
                .header("X-Api-Version", "2025-08-20")
                .body("id", equalTo(taskOfA))
                .body("object", equalTo("task"))
                .body("input", instanceOf(Map.class))
                .body("options", instanceOf(Map.class))
                .body("output.id", equalTo(fileOfA))
                .body("$", not(hasKey("meta")));
        env.api(a)
                .header("Accept-Version", "2025-08-20")
                .get("/media/" + mediaOfA)
                .then()
                .statusCode(200)
                .body("files[0].id", equalTo(fileOfA))
                .body("urls.original", startsWith(env.stack.deliveryUrl()))
                .body("$", not(hasKey("sources")));
        Response list = env.api(a).header("ACCEPT_VERSION", "2025-08-20").get("/tasks?limit=1");
        list.then().statusCode(200).body("$", instanceOf(List.class)).header("X-Total-Count", notNullValue());
        env.api(a)
                .header("Accept-Version", "yesterday")
                .get("/tasks")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("unsupported_version"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=abc", "page=0", "page=-1", "kind=bogus", "status=done"})
    void badListParametersAreRefusedNotClamped(String query) {
        env.api(a)
                .get("/tasks?" + query)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.field", equalTo(query.substring(0, query.indexOf('='))));
    }

    @Test
    void listsPageWithTotalsAndLinks() {
        Project paged = env.newProject("contract-paging");
        for (int i = 0; i < 3; i++) {
            Tasks.ingest(env, paged, env.sources.url("/audio.mp3"));
        }
        env.api(paged)
                .get("/tasks?limit=1&page=2")
                .then()
                .statusCode(200)
                .body("meta.type", equalTo("list"))
                .body("meta.limit", equalTo(1))
                .body("meta.page", equalTo(2))
                .body("meta.total", equalTo(3))
                .body("meta.pages", equalTo(3))
                .body("links.next", equalTo(env.stack.apiUrl() + "/tasks?page=3&limit=1"))
                .body("links.prev", equalTo(env.stack.apiUrl() + "/tasks?page=1&limit=1"));
        env.api(paged).get("/tasks?limit=1&page=3").then().body("links.next", nullValue());
    }

    @Test
    void oversizedBodiesAreRefusedWithAnError() {
        String body = "{\"kind\":\"ingest\",\"url\":\"http://example.com/" + "a".repeat(1_100_000) + "\"}";
        env.api(a).body(body).post("/tasks").then().statusCode(413).body("error.code", equalTo("request_too_large"));
    }

    @Test
    void jsonIsReadWhateverTheContentType() {
        // The documents' own curl examples send JSON with -d and no Content-Type header.
        env.api(a)
                .contentType("application/x-www-form-urlencoded")
                .body("{\"kind\":\"ingest\",\"url\":\"" + env.sources.url("/audio.mp3") + "\"}")
                .post("/tasks")
                .then()
                .statusCode(201);
    }

    @Test
    void unknownRoutesAndMethodsUseTheErrorEnvelope() {
        env.api(a).get("/nothing-here").then().statusCode(404).body("error.code", equalTo("not_found"));
        env.api(a).delete("/tasks").then().statusCode(405).body("error.code", equalTo("method_not_allowed"));
    }

    @Test
    void filenameClashIsAConflictUnlessOverwriting() {
        Map<String, Object> request =
                Map.of("url", env.sources.url("/audio.mp3"), "folder", "music", "filename", "theme.mp3");
        String first = env.api(a)
                .body(request)
                .post("/files")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        env.api(a)
                .body(request)
                .post("/files")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("conflict"))
                .body("error.field", equalTo("filename"));

        Map<String, Object> overwrite = new HashMap<>(request);
        overwrite.put("overwrite", true);
        String second = env.api(a)
                .body(overwrite)
                .post("/files")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
        assertNotEquals(first, second);
        // the displaced file keeps its bytes and stays reachable by id, without a path
        String oldUrl = env.api(a)
                .get("/files/" + first)
                .then()
                .statusCode(200)
                .body("data.filename", nullValue())
                .extract()
                .path("data.url");
        RestAssured.get(oldUrl).then().statusCode(200);
        env.api(a)
                .get("/files/" + second)
                .then()
                .body("data.url", equalTo(env.stack.deliveryUrl() + "/" + a.id() + "/music/theme.mp3"));
    }

    @Test
    void adminEndpointsNeedTheAdminToken() {
        env.anonymous().get("/admin/projects").then().statusCode(401).body("error.code", equalTo("unauthorized"));
        env.anonymous()
                .header("Authorization", "Bearer " + a.key())
                .post("/admin/projects/" + a.id() + "/keys")
                .then()
                .statusCode(401);
    }
}
