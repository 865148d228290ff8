package dev.smidgen.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.smidgen.devstack.ServiceFleet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Health and metrics name internal addresses and count every route: they answer on each service's
 * management port only, never on the public API and upload ports.
 */
@Order(32)
class InternalsPrivateIT {
    static TestStack env;
    static final List<String> INTERNAL_PATHS = List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live");

    @BeforeAll
    static void start() {
        env = TestStack.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceFleet.API, ServiceFleet.UPLOAD})
    void healthAndMetricsAreNotOnThePublicPort(String service) {
        String publicUrl = env.stack.services().baseUrl(service);
        for (String path : INTERNAL_PATHS) {
            int status = given().baseUri(publicUrl).get(path).statusCode();
            if (status != 404 && status != 401) {
                throw new AssertionError(service + " answered " + status + " on its public port for " + path);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceFleet.API, ServiceFleet.UPLOAD, ServiceFleet.INGEST, ServiceFleet.TRANSCODE})
    void theManagementPortAnswersThem(String service) {
        String managementUrl = env.stack.services().instance(service).managementUrl();
        given().baseUri(managementUrl)
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
        given().baseUri(managementUrl)
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }
}
