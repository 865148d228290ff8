package dev.smidgen.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.devstack.ServiceFleet;
import dev.smidgen.e2e.Tasks.Media;
import dev.smidgen.e2e.TestStack.Project;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code smidgen.delivery.redirect-to-store}: on S3 a delivery GET is a 307 to a presigned URL on the
 * store's public endpoint, whose response has the file's bytes, type and ranges; the signature of a
 * private file is still checked here and bounds the redirect's lifetime; HEAD and a matching
 * {@code If-None-Match} are answered here. On the filesystem store the setting changes nothing. An api
 * instance of its own runs with the setting on.
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
@Order(37)
class StoreRedirectIT {
    static final String REDIRECTING_API = "api-redirecting";
    static final RestAssuredConfig NO_FOLLOW =
            RestAssured.config().redirect(RedirectConfig.redirectConfig().followRedirects(false));
    static TestStack env;
    static String apiUrl;
    static Project publicProject;
    static Project privateProject;
    static Media publicVideo;
    static Media privateVideo;
    static byte[] original;
    /** The public endpoint the redirects must name: the store's own, spelt differently. */
    static String publicEndpoint;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        publicEndpoint = env.onS3() ? env.stack.infra().s3Endpoint().replace("127.0.0.1", "localhost") : null;
        Map<String, String> settings = env.onS3()
                ? Map.of("SMIDGEN_DELIVERY_REDIRECT_TO_STORE", "true", "SMIDGEN_S3_PUBLIC_ENDPOINT", publicEndpoint)
                : Map.of("SMIDGEN_DELIVERY_REDIRECT_TO_STORE", "true");
        apiUrl = env.stack
                .services()
                .startInstance(ServiceFleet.API, REDIRECTING_API, settings)
                .baseUrl();
        publicProject = env.newProject("redirect");
        privateProject = env.newPrivateProject("redirect-private");
        publicVideo = Tasks.media(env, publicProject, env.sources.url("/video.mp4"));
        privateVideo = Tasks.media(env, privateProject, env.sources.url("/video.mp4"));
        original = given().get(env.sources.url("/video.mp4"))
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
    }

    @AfterAll
    static void stop() {
        env.stack.services().stop(REDIRECTING_API);
    }

    @Test
    void aGetIsSentToTheStoreWithTheFilesTypeAndRanges() {
        Response answer = direct().get(onRedirectingApi(fileUrl(publicProject, publicVideo)));
        if (!env.onS3()) {
            assertEquals(200, answer.statusCode(), "the filesystem store sends its files itself");
            assertArrayEquals(original, answer.asByteArray());
            return;
        }
        assertEquals(307, answer.statusCode());
        assertEquals("no-store", answer.header("Cache-Control"));
        String location = answer.header("Location");
        assertTrue(location.startsWith(publicEndpoint + "/"), () -> "names the public endpoint: " + location);

        Response fromStore = direct().get(location);
        assertEquals(200, fromStore.statusCode());
        assertEquals("video/mp4", fromStore.contentType());
        assertTrue(fromStore.header("Cache-Control").startsWith("public, max-age="), fromStore.header("Cache-Control"));
        assertArrayEquals(original, fromStore.asByteArray());

        Response range = direct().header("Range", "bytes=100-1123").get(location);
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(original, 100, 1124), range.asByteArray());
    }

    @Test
    void headAndConditionalRequestsAreAnsweredHere() {
        String url = onRedirectingApi(fileUrl(publicProject, publicVideo));
        Response head = direct().head(url);
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(original.length), head.header("Content-Length"));
        String etag = head.header("ETag");
        assertEquals(304, direct().header("If-None-Match", etag).get(url).statusCode());
    }

    @Test
    void aPrivateFileIsRedirectedOnlyWithItsSignatureAndNoLongerThanIt() {
        String unsigned = onRedirectingApi(fileUrl(privateProject, privateVideo));
        assertEquals(403, direct().get(unsigned).statusCode());

        long expiry = System.currentTimeMillis() / 1000 + 120;
        JsonPath file = env.api(privateProject)
                .get("/files/" + privateVideo.fileId())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> path = new HashMap<>(Map.of("filename", file.getString("data.filename"), "expiry", expiry));
        if (file.getString("data.folder") != null) {
            path.put("folder", file.getString("data.folder"));
        }
        String signed = onRedirectingApi(env.api(privateProject)
                .body(path)
                .post("/signatures")
                .then()
                .statusCode(201)
                .extract()
                .path("data.url"));
        Response answer = direct().get(signed);
        if (!env.onS3()) {
            assertEquals(200, answer.statusCode());
            return;
        }
        assertEquals(307, answer.statusCode());
        String location = answer.header("Location");
        Matcher validFor = Pattern.compile("[?&]X-Amz-Expires=(\\d+)").matcher(location);
        assertTrue(validFor.find(), location);
        assertTrue(Long.parseLong(validFor.group(1)) <= 120, "outlives the signed URL: " + location);
        Response fromStore = direct().get(location);
        assertEquals(200, fromStore.statusCode());
        assertTrue(
                fromStore.header("Cache-Control").startsWith("private, max-age="), fromStore.header("Cache-Control"));
        assertArrayEquals(original, fromStore.asByteArray());

        char last = signed.charAt(signed.length() - 1);
        String tampered = signed.substring(0, signed.length() - 1) + (last == '0' ? '1' : '0');
        assertEquals(403, direct().get(tampered).statusCode());
    }

    private static RequestSpecification direct() {
        return given().config(NO_FOLLOW).urlEncodingEnabled(false);
    }

    private static String fileUrl(Project project, Media media) {
        return env.api(project)
                .get("/files/" + media.fileId())
                .then()
                .statusCode(200)
                .extract()
                .path("data.url");
    }

    /** The same delivery path and query on the redirecting instance. */
    private static String onRedirectingApi(String url) {
        URI uri = URI.create(url);
        return apiUrl + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
