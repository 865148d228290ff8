package dev.smidgen.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.smidgen.e2e.TestStack.Project;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * NUL characters and unpaired surrogates are refused with 400 naming the field, wherever text comes
 * in (docs/api/contract.md, "Text"); PostgreSQL cannot store them, and they used to give 500.
 */
@Order(34)
class TextInputIT {
    static TestStack env;
    static Project project;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("text-input");
    }

    @ParameterizedTest(name = "{0} {1} → field {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POST | /media       | {\"url\": \"http://example.com/a.png\", \"title\": \"a\\u0000b\"}      | title",
                "POST | /media       | {\"url\": \"http://example.com/a.png\", \"metadata\": {\"k\\u0000\": \"v\"}} | metadata",
                "POST | /media       | {\"url\": \"http://example.com/a.png\", \"metadata\": {\"k\": \"v\\u0000\"}} | metadata.k",
                "POST | /files       | {\"url\": \"http://example.com/a.png\", \"folder\": \"x\\u0000\"}      | folder",
                "POST | /media       | {\"url\": \"http://example.com/a.png\", \"title\": \"\\ud800\"}        | title",
                "POST | /automations | {\"name\": \"\\u0000\", \"trigger\": {\"kind\": \"event\", \"event\": \"media.created\"}, \"tasks\": []} | name",
                "POST | /webhooks    | {\"name\": \"hook\\u0000\", \"url\": \"https://example.com/h\", \"events\": [\"task.completed\"]} | name",
                "POST | /uploads     | {\"filename\": \"a\\u0000.png\"}                                        | filename",
            })
    void jsonBodies(String method, String path, String body, String field) {
        env.api(project)
                .body(body)
                .request(method, path)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.field", equalTo(field))
                .body("error.message", containsString("NUL"));
    }

    @Test
    void queryFiltersAndPathIds() {
        env.api(project)
                .queryParam("metadata.colour", "red\u0000")
                .get("/media")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.field", equalTo("metadata.colour"));
        env.api(project)
                .urlEncodingEnabled(false)
                .get("/media?metadata.a%00b=red")
                .then()
                .statusCode(400)
                .body("error.field", equalTo("query"));
        env.api(project)
                .urlEncodingEnabled(false)
                .get("/media/%00")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.field", equalTo("id"));
        env.api(project)
                .urlEncodingEnabled(false)
                .get("/files/file%00x")
                .then()
                .statusCode(400)
                .body("error.field", equalTo("id"));
    }

    @Test
    void aMultipartFilenameIsRefusedAndTheSessionStaysUsable() throws Exception {
        Uploads uploads = new Uploads(env, project);
        String url = uploads.url(Map.of());
        byte[] png = Files.readAllBytes(env.sources.png);
        given().contentType("multipart/form-data; boundary=XyZ")
                .body(form("evil\u0000.png", png))
                .post(url)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.field", equalTo("filename"));
        // The same URL still takes the upload (it used to stay "completing" and answer 409).
        given().contentType("multipart/form-data; boundary=XyZ")
                .body(form("fine.png", png))
                .post(url)
                .then()
                .statusCode(201)
                .body("data.kind", equalTo("image"));
    }

    private static byte[] form(String filename, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes("\r\n--XyZ--\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
