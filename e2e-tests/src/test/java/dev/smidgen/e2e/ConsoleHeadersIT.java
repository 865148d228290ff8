package dev.smidgen.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's security headers, on the page and on its static files (docs/web-console.md). */
@Order(35)
class ConsoleHeadersIT {
    static TestStack env;

    @BeforeAll
    static void start() {
        env = TestStack.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/", "/console/js/main.js", "/console/console.css"})
    void strictPolicyAndNoSniffing(String path) {
        URI upload = URI.create(env.stack.uploadUrl());
        given().baseUri(env.stack.apiUrl())
                .get(path)
                .then()
                .statusCode(200)
                .header(
                        "Content-Security-Policy",
                        allOf(
                                containsString("default-src 'none'"),
                                containsString("script-src 'self';"),
                                containsString("style-src 'self';"),
                                containsString("connect-src 'self' " + env.stack.apiUrl() + " http://"
                                        + upload.getHost() + ":" + upload.getPort() + ";"),
                                containsString("frame-ancestors 'none'"),
                                not(containsString("unsafe-inline"))))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("X-Frame-Options", equalTo("DENY"));
    }
}
