package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.TestStack.Project;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Private projects end to end: delivery refuses unsigned, expired, altered and foreign URLs with the
 * reason, and serves a signed URL's bytes exactly, ranges included. Signatures are recomputed here
 * from the key in the database, independently of the server's code.
 */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
@Order(50)
class SignedDeliveryIT {
    private static final String FOLDER = "private";
    private static final String FILENAME = "card.png";
    static TestStack env;
    static Project project;
    static Project other;
    static String fileUrl;
    static byte[] png;

    @BeforeAll
    static void start() throws Exception {
        env = TestStack.get();
        project = env.newProject("signed");
        setPrivate(project, true)
                .then()
                .statusCode(200)
                .body("data.id", equalTo(project.id()))
                .body("data.private", equalTo(true));
        fileUrl = env.api(project)
                .body(Map.of("url", env.sources.url("/image.png"), "folder", FOLDER, "filename", FILENAME))
                .post("/files")
                .then()
                .statusCode(201)
                .extract()
                .path("data.url");
        assertEquals(env.stack.deliveryUrl() + "/" + project.id() + "/" + FOLDER + "/" + FILENAME, fileUrl);
        other = env.newProject("signed-other");
        png = Files.readAllBytes(env.sources.png);
    }

    @Test
    void unsignedRequestsNeedASignatureEvenForPathsThatDoNotExist() {
        RestAssured.get(fileUrl)
                .then()
                .statusCode(403)
                .body("error.code", equalTo("signature_required"))
                .body("data", nullValue());
        RestAssured.head(fileUrl).then().statusCode(403);
        RestAssured.get(fileUrl + "?expiry=" + inSeconds(60) + "&method=get")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("signature_required"));
        RestAssured.get(env.stack.deliveryUrl() + "/" + project.id() + "/nothing-here.png")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("signature_required"));
    }

    @Test
    void aSignedUrlDeliversTheExactBytesWithRangesAndHead() {
        long expiry = inSeconds(300);
        JsonPath signed = sign(project, Map.of("folder", FOLDER, "filename", FILENAME, "expiry", expiry))
                .then()
                .statusCode(201)
                .body("data.method", equalTo("get"))
                .body("data.folder", equalTo(FOLDER))
                .body("data.filename", equalTo(FILENAME))
                .body("links.self", equalTo(env.stack.apiUrl() + "/signatures"))
                .extract()
                .jsonPath()
                .setRootPath("data");
        assertEquals(expiry, signed.getLong("expiry"));
        assertTrue(signingKey(project).matches("[0-9a-f]{64}"));
        String expected = hmac(signingKey(project), FOLDER + "/" + FILENAME + "?expiry=" + expiry + "&method=get");
        assertEquals(expected, signed.getString("signature"));
        assertEquals(fileUrl + "?expiry=" + expiry + "&method=get&signature=" + expected, signed.getString("url"));

        Response full = RestAssured.get(signed.getString("url"));
        full.then()
                .statusCode(200)
                .header("Content-Type", "image/png")
                .header("Cache-Control", startsWith("private, max-age="));
        assertArrayEquals(png, full.asByteArray());
        Response range = RestAssured.given().header("Range", "bytes=8-99").get(signed.getString("url"));
        range.then().statusCode(206).header("Content-Range", "bytes 8-99/" + png.length);
        assertArrayEquals(Arrays.copyOfRange(png, 8, 100), range.asByteArray());
        RestAssured.head(signed.getString("url"))
                .then()
                .statusCode(200)
                .header("Content-Length", String.valueOf(png.length));
    }

    @Test
    void anExpiredUrlIsRefusedAsExpired() {
        long past = inSeconds(-10);
        String signature = hmac(signingKey(project), FOLDER + "/" + FILENAME + "?expiry=" + past + "&method=get");
        RestAssured.get(fileUrl + "?expiry=" + past + "&method=get&signature=" + signature)
                .then()
                .statusCode(403)
                .body("error.code", equalTo("signature_expired"));
    }

    @Test
    void alteredSignaturesPathsAndExpiriesAreInvalid() {
        long expiry = inSeconds(300);
        String signature = sign(project, Map.of("folder", FOLDER, "filename", FILENAME, "expiry", expiry))
                .path("data.signature");
        char first = signature.charAt(0);
        String altered = (first == 'A' ? 'B' : 'A') + signature.substring(1);
        assertInvalid(fileUrl + "?expiry=" + expiry + "&method=get&signature=" + altered);
        assertInvalid(
                fileUrl.replace(FILENAME, "other.png") + "?expiry=" + expiry + "&method=get&signature=" + signature);
        assertInvalid(fileUrl + "?expiry=" + (expiry + 86_400) + "&method=get&signature=" + signature);
        assertInvalid(fileUrl + "?expiry=soon&method=get&signature=" + signature);
    }

    @Test
    void aPutSignatureDoesNotRead() {
        String url = sign(
                        project,
                        Map.of("folder", FOLDER, "filename", FILENAME, "expiry", inSeconds(300), "method", "put"))
                .then()
                .statusCode(201)
                .body("data.method", equalTo("put"))
                .extract()
                .path("data.url");
        RestAssured.get(url).then().statusCode(403).body("error.code", equalTo("signature_method_mismatch"));
        // changing the method in the URL breaks the signature instead
        assertInvalid(url.replace("method=put", "method=get"));
    }

    @Test
    void anotherProjectsSignatureIsInvalidHere() {
        String foreign = sign(other, Map.of("folder", FOLDER, "filename", FILENAME, "expiry", inSeconds(300)))
                .path("data.url");
        assertTrue(foreign.startsWith(env.stack.deliveryUrl() + "/" + other.id() + "/"), foreign);
        assertInvalid(fileUrl + foreign.substring(foreign.indexOf('?')));
    }

    @Test
    void badSignatureRequestsNameTheField() {
        long later = inSeconds(300);
        assertBadField("filename", Map.of("folder", FOLDER, "expiry", later));
        assertBadField("filename", Map.of("filename", "a/b.png", "expiry", later));
        assertBadField("folder", Map.of("folder", "../up", "filename", FILENAME, "expiry", later));
        assertBadField("expiry", Map.of("filename", FILENAME));
        assertBadField("expiry", Map.of("filename", FILENAME, "expiry", inSeconds(-60)));
        assertBadField("expiry", Map.of("filename", FILENAME, "expiry", inSeconds(8 * 86_400)));
        assertBadField("expiry", Map.of("filename", FILENAME, "expiry", "tomorrow"));
        assertBadField("method", Map.of("filename", FILENAME, "expiry", later, "method", "delete"));
        env.anonymous()
                .contentType(ContentType.JSON)
                .body(Map.of("filename", FILENAME, "expiry", later))
                .post("/signatures")
                .then()
                .statusCode(401)
                .body("error.code", equalTo("unauthorized"));
    }

    @Test
    void currentVersionAnswersTheBareShape() {
        long expiry = inSeconds(300);
        URI delivery = URI.create(env.stack.deliveryUrl());
        JsonPath bare = env.api(project)
                .header("Accept-Version", "2025-08-20")
                .body(Map.of("filename", FILENAME, "expiry", expiry))
                .post("/signatures")
                .then()
                .statusCode(201)
                .body("$", not(hasKey("meta")))
                .body("domain", equalTo(delivery.getScheme() + "://" + delivery.getAuthority()))
                .body("filename", equalTo(FILENAME))
                .body("folder", nullValue())
                .body("method", equalTo("get"))
                .body("signature", equalTo(hmac(signingKey(project), FILENAME + "?expiry=" + expiry + "&method=get")))
                .body(
                        "url",
                        startsWith(env.stack.deliveryUrl() + "/" + project.id() + "/" + FILENAME + "?expiry=" + expiry))
                .extract()
                .jsonPath();
        assertEquals(expiry, bare.getLong("expiry"));
    }

    @Test
    void publicProjectsIgnoreSignaturesAndAdminsToggleDelivery() {
        String url = env.api(other)
                .body(Map.of("url", env.sources.url("/image.png"), "filename", "open.png"))
                .post("/files")
                .then()
                .statusCode(201)
                .extract()
                .path("data.url");
        RestAssured.get(url + "?expiry=1&method=put&signature=nonsense")
                .then()
                .statusCode(200)
                .header("Cache-Control", startsWith("public"));
        try {
            setPrivate(other, true).then().statusCode(200).body("data.private", equalTo(true));
            RestAssured.get(url).then().statusCode(403).body("error.code", equalTo("signature_required"));
        } finally {
            setPrivate(other, false).then().statusCode(200).body("data.private", equalTo(false));
        }
        RestAssured.get(url).then().statusCode(200);
    }

    @Test
    void onlyAdminsChangePrivacyAndOnlyWithABoolean() {
        env.anonymous()
                .header("Authorization", "Bearer " + project.key())
                .contentType(ContentType.JSON)
                .body(Map.of("private", false))
                .patch("/admin/projects/" + project.id())
                .then()
                .statusCode(401);
        admin().body(Map.of("private", "yes"))
                .patch("/admin/projects/" + project.id())
                .then()
                .statusCode(400)
                .body("error.field", equalTo("private"));
        admin().body(Map.of())
                .patch("/admin/projects/" + project.id())
                .then()
                .statusCode(400)
                .body("error.field", equalTo("private"));
        admin().body(Map.of("private", true))
                .patch("/admin/projects/prj_doesnotexist")
                .then()
                .statusCode(404);
        env.anonymous()
                .header("Authorization", "Bearer " + env.stack.adminToken())
                .get("/admin/projects")
                .then()
                .statusCode(200)
                .body("data.find { it.id == '" + project.id() + "' }.private", equalTo(true))
                .body("data.find { it.id == '" + project.id() + "' }", not(hasKey("signing_key")));
    }

    private static Response setPrivate(Project p, boolean value) {
        return admin().body(Map.of("private", value)).patch("/admin/projects/" + p.id());
    }

    private static RequestSpecification admin() {
        return env.anonymous()
                .header("Authorization", "Bearer " + env.stack.adminToken())
                .contentType(ContentType.JSON);
    }

    private static Response sign(Project p, Map<String, Object> body) {
        return env.api(p).body(new HashMap<>(body)).post("/signatures");
    }

    private static void assertInvalid(String url) {
        RestAssured.get(url).then().statusCode(403).body("error.code", equalTo("signature_invalid"));
    }

    private static void assertBadField(String field, Map<String, Object> body) {
        sign(project, body)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.field", equalTo(field));
    }

    private static long inSeconds(long seconds) {
        return System.currentTimeMillis() / 1000 + seconds;
    }

    private static String signingKey(Project p) {
        return (String) env.query("SELECT signing_key FROM projects WHERE id = ?", p.id())
                .get(0)
                .get("signing_key");
    }

    /** base64url, unpadded, of HMAC-SHA256 under the hex-decoded project key (docs/api/signed-urls.md). */
    private static String hmac(String hexKey, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(hexKey), "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
