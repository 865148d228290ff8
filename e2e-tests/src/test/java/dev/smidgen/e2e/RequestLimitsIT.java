package dev.smidgen.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.smidgen.e2e.TestStack.Project;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** A body over the limits gets 413 request_too_large in the error envelope, not a bare, empty 413. */
@Order(33)
class RequestLimitsIT {
    static TestStack env;
    static Project project;
    /** 10 MiB of JSON: over the API's 4 MiB HTTP limit and the 4 MiB JSON limit of both services. */
    static final String HUGE_JSON = "{\"title\": \"" + "a".repeat(10 << 20) + "\"}";

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("request-limits");
    }

    @Test
    void theApiAnswersInTheEnvelope() {
        env.api(project)
                .body(HUGE_JSON)
                .post("/media")
                .then()
                .statusCode(413)
                .contentType("application/json")
                .body("error.code", equalTo("request_too_large"))
                .body("data", nullValue())
                .body("meta.status", equalTo(413));
    }

    @Test
    void theUploadServiceAnswersInTheEnvelope() {
        String url = new Uploads(env, project).url(Map.of("resumable", true));
        given().contentType("application/json")
                .body(HUGE_JSON)
                .post(url)
                .then()
                .statusCode(413)
                .contentType("application/json")
                .body("error.code", equalTo("request_too_large"))
                .body("meta.status", equalTo(413));
    }
}
